/** Reported by `/api/v1/health`; kept in step with package.json. */
export const SERVER_VERSION = '0.1.0';
