/** Protocol version carried as `v` in every message. */
export const PROTOCOL_VERSION = 1;
/** Largest WebSocket frame either side accepts (DESIGN §5). */
export const MAX_FRAME_BYTES = 1024 * 1024;
/** Most records one `batch` may carry (DESIGN §5). */
export const MAX_RECORDS_PER_BATCH = 1000;
/**
 * Oldest record the server stores, on its clock after offset correction: an agent replays its
 * outbox after an outage; the outbox is bounded and 30 days covers any outage we plan for.
 * Agents drop older records themselves (counted) so one stale batch never stalls the rest.
 */
export const RECORD_MAX_AGE_MS = 30 * 24 * 3600_000;
