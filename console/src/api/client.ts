import type {
  ApiError as ApiErrorBody,
  EnrollmentTokenReply,
  LoginReply,
  SeriesMetric,
  SeriesReply,
  SessionUser,
  StationView,
  Target,
  TargetCreate,
  TargetPatch,
  User,
  UserCreate,
  UserPatch,
  Ward,
  WardPatch,
} from '@wardwatch/shared';
import type {
  Incident,
  IncidentDetail,
  IncidentList,
  IncidentQuery,
  StoredRecordItem,
} from './types.js';

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
  target?: string;
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
    if (q.target !== undefined) query.set('target', q.target);
    return this.request<SeriesReply>('GET', `/series?${query.toString()}`);
  }

  async targets(): Promise<Target[]> {
    return (await this.request<{ items: Target[] }>('GET', '/targets')).items;
  }

  createWard(ward: Ward): Promise<Ward> {
    return this.request<Ward>('POST', '/wards', ward);
  }

  updateWard(id: string, patch: WardPatch): Promise<Ward> {
    return this.request<Ward>('PATCH', `/wards/${encodeURIComponent(id)}`, patch);
  }

  createTarget(target: TargetCreate): Promise<Target> {
    return this.request<Target>('POST', '/targets', target);
  }

  updateTarget(id: string, patch: TargetPatch): Promise<Target> {
    return this.request<Target>('PATCH', `/targets/${encodeURIComponent(id)}`, patch);
  }

  deleteTarget(id: string): Promise<void> {
    return this.request<void>('DELETE', `/targets/${encodeURIComponent(id)}`);
  }

  createEnrollmentToken(wardId: string): Promise<EnrollmentTokenReply> {
    return this.request<EnrollmentTokenReply>('POST', '/enrollment-tokens', { wardId });
  }

  async users(): Promise<User[]> {
    return (await this.request<{ items: User[] }>('GET', '/users')).items;
  }

  createUser(user: UserCreate): Promise<User> {
    return this.request<User>('POST', '/users', user);
  }

  /** Role and ward (the server ends the user's sessions). */
  updateUser(username: string, patch: UserPatch): Promise<User> {
    return this.request<User>('PATCH', `/users/${encodeURIComponent(username)}`, patch);
  }

  setUserPassword(username: string, password: string): Promise<User> {
    return this.request<User>('POST', `/users/${encodeURIComponent(username)}/password`, {
      password,
    });
  }

  async deleteUser(username: string): Promise<void> {
    await this.request<unknown>('DELETE', `/users/${encodeURIComponent(username)}`);
  }

  async records(q: {
    station?: string;
    kind?: string;
    from?: number;
    to?: number;
    limit?: number;
  }): Promise<StoredRecordItem[]> {
    const query = toQuery(q);
    return (await this.request<{ items: StoredRecordItem[] }>('GET', `/records?${query}`)).items;
  }

  incidents(q: IncidentQuery): Promise<IncidentList> {
    return this.request<IncidentList>('GET', `/incidents?${toQuery(q)}`);
  }

  incident(id: number): Promise<IncidentDetail> {
    return this.request<IncidentDetail>('GET', `/incidents/${id}`);
  }

  acknowledgeIncident(id: number, note?: string): Promise<Incident> {
    return this.request<Incident>('POST', `/incidents/${id}/ack`, note ? { note } : {});
  }

  annotateIncident(id: number, text: string): Promise<unknown> {
    return this.request<unknown>('POST', `/incidents/${id}/notes`, { text });
  }

  /** Any read route by path below /api/v1 (settings sections whose shapes the page owns). */
  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
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

  private async request<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<T> {
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

/** A query string from the defined values only. */
export function toQuery(q: object): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(q) as [string, unknown][]) {
    if (typeof value === 'object' || typeof value === 'function') continue;
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
  return query.toString();
}

/** A route the server does not have (yet): views hide themselves rather than fail. */
export function isMissingRoute(err: unknown): boolean {
  return err instanceof ApiError && err.status === 404;
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
