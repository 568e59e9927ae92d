import { readFile, writeFile } from 'node:fs/promises';
import {
  QUANG_NGAI_WARDS,
  type EnrollReply,
  type EnrollmentTokenReply,
  type LoginReply,
} from '@wardwatch/shared';
import { httpBaseUrl } from '../transport/url.js';
import type { SimOptions } from './options.js';

export interface SimCredential {
  stationId: string;
  wardId: string;
  hostname: string;
  credential: string;
}

/** The wards a simulation of `count` wards uses: the real city first, then numbered ones. */
export function simWards(count: number): { id: string; name: string }[] {
  const wards: { id: string; name: string }[] = QUANG_NGAI_WARDS.slice(0, count).map((w) => ({
    ...w,
  }));
  for (let i = wards.length + 1; i <= count; i++) {
    const n = String(i).padStart(5, '0');
    wards.push({ id: `sim-${n}`, name: `Đơn vị mô phỏng ${n}` });
  }
  return wards;
}

class AdminClient {
  private cookie = '';
  private csrfToken = '';
  private readonly base: URL;
  constructor(base: URL) {
    this.base = base;
  }

  async login(username: string, password: string): Promise<void> {
    const res = await this.request('POST', 'auth/login', { username, password });
    const reply = (await res.json()) as LoginReply;
    this.csrfToken = reply.csrfToken;
    this.cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
  }

  async post<T>(path: string, body: unknown, okStatuses: number[] = []): Promise<T | null> {
    const res = await this.request('POST', path, body, okStatuses);
    return res.ok ? ((await res.json()) as T) : null;
  }

  private async request(method: string, path: string, body: unknown, okStatuses: number[] = []) {
    const res = await fetch(new URL(path, this.base), {
      method,
      headers: {
        'content-type': 'application/json',
        cookie: this.cookie,
        'x-csrf-token': this.csrfToken,
      },
      body: JSON.stringify(body),
    });
    if (!res.ok && !okStatuses.includes(res.status)) {
      throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    }
    return res;
  }
}

/**
 * Creates the wards and enrolls the stations the simulation needs, reusing the credentials
 * kept in the state file from an earlier run against the same server.
 */
export async function prepareStations(options: SimOptions): Promise<SimCredential[]> {
  const saved = options.stateFile ? await readState(options.stateFile, options.server) : [];
  const wards = simWards(options.wards);
  const wanted = wards.flatMap((w) =>
    Array.from({ length: options.stationsPerWard }, (_, i) => ({
      wardId: w.id,
      hostname: `sim-${w.id}-${i + 1}`,
    })),
  );
  const missing = wanted.filter((w) => !saved.some((s) => s.hostname === w.hostname));
  if (missing.length === 0)
    return saved.filter((s) => wanted.some((w) => w.hostname === s.hostname));

  const api = new AdminClient(new URL('/api/v1/', httpBaseUrl(options.server)));
  await api.login(options.username, options.password);
  for (const ward of wards) await api.post('wards', ward, [409]);
  const enrolled = [...saved];
  for (const station of missing) {
    const token = await api.post<EnrollmentTokenReply>('enrollment-tokens', {
      wardId: station.wardId,
    });
    const reply = await api.post<EnrollReply>('enroll', {
      token: token?.token,
      hostname: station.hostname,
    });
    if (!reply) throw new Error(`enrolling ${station.hostname} failed`);
    enrolled.push({
      stationId: reply.stationId,
      wardId: reply.wardId,
      hostname: station.hostname,
      credential: reply.credential,
    });
  }
  if (options.stateFile) {
    await writeFile(
      options.stateFile,
      JSON.stringify({ server: options.server, stations: enrolled }),
      { mode: 0o600 },
    );
  }
  return enrolled.filter((s) => wanted.some((w) => w.hostname === s.hostname));
}

async function readState(file: string, server: string): Promise<SimCredential[]> {
  try {
    const state = JSON.parse(await readFile(file, 'utf8')) as {
      server?: string;
      stations?: SimCredential[];
    };
    return state.server === server && Array.isArray(state.stations) ? state.stations : [];
  } catch {
    return []; // no state yet
  }
}
