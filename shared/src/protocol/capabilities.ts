/**
 * What a peer understands, by agent version. Protocol v1 rejects unknown fields, so an
 * additive field goes only to agents new enough to accept it; `hello.agentVersion` says which.
 */

/** The first agent version whose welcome schema has `config.equipment`. */
export const EQUIPMENT_IN_WELCOME_SINCE = '0.2.0';

/** `major.minor.patch` of a version string (suffixes such as `-sim` ignored); null if none. */
function versionParts(version: string): [number, number, number] | null {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** True when `version` is `since` or later; an unparsable version is treated as old. */
export function versionAtLeast(version: string, since: string): boolean {
  const v = versionParts(version);
  const s = versionParts(since);
  if (!v || !s) return false;
  for (let i = 0; i < 3; i++) {
    if (v[i]! !== s[i]!) return v[i]! > s[i]!;
  }
  return true;
}

/** Whether an agent reporting `agentVersion` in its hello accepts `config.equipment`. */
export function agentTakesEquipment(agentVersion: string): boolean {
  return versionAtLeast(agentVersion, EQUIPMENT_IN_WELCOME_SINCE);
}
