import { createHash } from 'node:crypto';

/** PostgreSQL truncates identifiers (channel names too) past 63 bytes. */
const MAX_IDENTIFIER_BYTES = 63;

/**
 * The NOTIFY channel of a schema. Channels are per database, not per schema, so the name
 * carries the schema and two deployments (or test runs) in one database never meet; a schema
 * name too long to fit is replaced by its hash.
 */
export function channelName(schema: string | null): string {
  const name = `wardwatch_${schema ?? 'public'}`;
  if (Buffer.byteLength(name) <= MAX_IDENTIFIER_BYTES) return name;
  return `wardwatch_${createHash('sha256').update(name).digest('hex').slice(0, 40)}`;
}
