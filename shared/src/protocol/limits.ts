/** Protocol version carried as `v` in every message. */
export const PROTOCOL_VERSION = 1;
/** Largest WebSocket frame either side accepts (DESIGN §5). */
export const MAX_FRAME_BYTES = 1024 * 1024;
/** Most records one `batch` may carry (DESIGN §5). */
export const MAX_RECORDS_PER_BATCH = 1000;
