import type {
  ApiError as ApiErrorBody,
  LoginReply,
  SeriesMetric,
  SeriesReply,
  SessionUser,
  StationView,
  Ward,
} from '@wardwatch/shared';

/** A failed API call: the HTTP status and the server's error code (`network` when unreachable). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

export interface SeriesRequest {
  station: string;
  metric: SeriesMetric;
  from: number;
  to: number;
  stepMs: number;
}

/** What the console needs to know about the signed-in user. */
export interface Session {
  user: SessionUser;
}

const CSRF_KEY = 'wardwatch.csrf';

/**
 * The REST API, same-origin with the session cookie. State-changing calls carry the CSRF
 * token from the login reply; it is kept in sessionStorage so a reload can still log out.
 */
export class ApiClient {
  private readonly base: string;
  private csrfToken: string | null;

  constructor(base = '/api/v1') {
    this.base = base;
    this.csrfToken = readCsrf();
  }

  async login(username: string, password: string): Promise<Session> {
    const reply = await this.request<LoginReply>('POST', '/auth/login', { username, password });
    this.rememberCsrf(reply.csrfToken);
    return { user: reply.user };
  }

  async me(): Promise<Session> {
    const reply = await this.request<{ user: SessionUser; csrfToken?: string }>('GET', '/auth/me');
    if (reply.csrfToken) this.rememberCsrf(reply.csrfToken);
    return { user: reply.user };
  }

  async logout(): Promise<void> {
    try {
      await this.request<unknown>('POST', '/auth/logout', {});
    } finally {
      this.rememberCsrf(null);
    }
  }

  async wards(): Promise<Ward[]> {
    return (await this.request<{ items: Ward[] }>('GET', '/wards')).items;
  }

  async stations(): Promise<StationView[]> {
    return (await this.request<{ items: StationView[] }>('GET', '/stations')).items;
  }

  async series(q: SeriesRequest): Promise<SeriesReply> {
    const query = new URLSearchParams({
      station: q.station,
      metric: q.metric,
      from: String(q.from),
      to: String(q.to),
      step: String(q.stepMs),
    });
    return this.request<SeriesReply>('GET', `/series?${query.toString()}`);
  }

  private rememberCsrf(token: string | null): void {
    this.csrfToken = token;
    try {
      if (token === null) sessionStorage.removeItem(CSRF_KEY);
      else sessionStorage.setItem(CSRF_KEY, token);
    } catch {
      // Without storage the token still lives in memory for this page.
    }
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? null : JSON.stringify(body),
      });
    } catch (err) {
      throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err));
    }
    const payload: unknown = await res.json().catch(() => null);
    if (!res.ok) throw toApiError(res.status, payload);
    return payload as T;
  }
}

function toApiError(status: number, payload: unknown): ApiError {
  const error = (payload as Partial<ApiErrorBody> | null)?.error;
  if (error && typeof error.code === 'string') {
    return new ApiError(status, error.code, String(error.message));
  }
  return new ApiError(status, `http_${status}`, `HTTP ${status}`);
}

function readCsrf(): string | null {
  try {
    return sessionStorage.getItem(CSRF_KEY);
  } catch {
    return null;
  }
}
