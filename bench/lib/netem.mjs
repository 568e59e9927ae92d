import { importTs } from './ts-module.mjs';

/**
 * The netem tests' namespace + link-emulator helper (tests/netem/netns.ts), reused rather
 * than copied. Null (with the reason) when it is unavailable.
 */
export async function loadNetem() {
  const { module: netem, reason: missing } = await importTs('tests/netem/netns.ts');
  if (!netem) return { netem: null, reason: missing };
  const reason = netem.netemSkipReason();
  return reason ? { netem: null, reason } : { netem, reason: null };
}
