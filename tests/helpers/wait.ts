export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface PollOptions {
  timeoutMs: number;
  /** Pause between two probes. */
  everyMs: number;
}

/** Runs `probe` until it returns a value; throws `timed out waiting for <what>` past the timeout. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs, everyMs }: PollOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}
