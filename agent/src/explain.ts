/** The values the agent checks with `validators.gen.ts`. */
export type Checked = 'config' | 'statusConfig' | 'serverMessage' | 'event';

/**
 * Why a value failed its generated check, in TypeBox's words (`/path: message; …`). TypeBox and
 * the schemas are loaded on the first call only: while every input is good, the running agent
 * never holds them (≈ 2.5 MB of RSS, docs/benchmarks.md).
 */
export async function explain(what: Checked, value: unknown): Promise<string> {
  const { explainers } = await import('./explain-typebox.js');
  return explainers[what](value);
}
