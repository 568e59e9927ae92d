/** A port with its promises unwrapped: what an adapter over a synchronous driver implements. */
export type Synchronous<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : T[K];
};

/**
 * The port over a synchronous implementation: each verb still runs at once, in the caller's
 * turn (so a better-sqlite3 transaction stays one uninterrupted call), and its promise is
 * already settled — a throw becomes a rejection, never a synchronous exception.
 */
export function promised<T extends object>(sync: Synchronous<T>): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(sync)) {
    out[name] =
      typeof value === 'function'
        ? (...args: unknown[]) => {
            try {
              return Promise.resolve(value(...args) as unknown);
            } catch (err) {
              return Promise.reject(err instanceof Error ? err : new Error(String(err)));
            }
          }
        : value;
  }
  return out as T;
}
