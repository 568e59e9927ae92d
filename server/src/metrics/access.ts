import { safeEqual } from '../security.js';

export interface MetricsAccessInput {
  /** `WARDWATCH_METRICS_TOKEN`, or null when none is configured. */
  token: string | null;
  /** The request's `Authorization` header. */
  authorization: string | undefined;
  /** Role of the console session on the request, if any. */
  role: string | null;
  /**
   * The client address: the TCP peer, or the client a trusted proxy (`trustProxy`) forwarded
   * (`req.ip`), so a proxy on loopback does not make its remote clients local.
   */
  peer: string | undefined;
}

export type MetricsAccess = 'allow' | 'login' | 'deny';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

export const isLoopback = (peer: string | undefined): boolean =>
  peer !== undefined && LOOPBACK.test(peer);

/**
 * Who may read /metrics: an admin session always; with a token configured, whoever sends
 * it as a Bearer token; without one, only loopback peers (a scraper on the same host).
 * `login` maps to 401 (no or wrong credentials), `deny` to 403 (a non-admin session).
 */
export function metricsAccess(input: MetricsAccessInput): MetricsAccess {
  if (input.role === 'admin') return 'allow';
  if (input.token !== null) {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(input.authorization ?? '')?.[1];
    if (bearer !== undefined && safeEqual(bearer, input.token)) return 'allow';
  } else if (isLoopback(input.peer)) {
    return 'allow';
  }
  return input.role === null ? 'login' : 'deny';
}
