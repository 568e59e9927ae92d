import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { EnrollReply } from '@wardwatch/shared';
import { isPlainRemote, writeConfigFile, type AgentFileConfig } from '../config.js';
import { certificateProblem } from '../transport/tls-errors.js';
import { httpBaseUrl } from '../transport/url.js';
import { postJson } from './post-json.js';

export interface EnrollOptions {
  server: string;
  token: string;
  configPath: string;
  /** PEM CA bundle: the only CAs trusted for the server; copied beside the config for `run`. */
  caFile?: string;
  /** Plain http/ws to a remote server; recorded as `allowInsecure` for `run`. */
  allowInsecure: boolean;
}

/** The pinned CA is kept beside the config, so `run` does not depend on where it came from. */
export const PINNED_CA_FILE = 'server-ca.pem';
const SERVER_URL = /^(wss?|https?):\/\/[^\s]+$/;
const PEM_CERT = /-----BEGIN CERTIFICATE-----/;

/**
 * Checks the flags before anything touches the network; a message when they are unusable.
 * Plain http/ws to this machine (loopback) is allowed, as it is for `run`.
 */
export function enrollFlagProblem(opts: {
  server: string;
  caFile?: string;
  allowInsecure: boolean;
}): string | undefined {
  if (!SERVER_URL.test(opts.server) || !URL.canParse(opts.server)) {
    return `--server: not an https://, wss://, http:// or ws:// URL: ${opts.server}`;
  }
  const plain = /^(ws|http):/.test(opts.server);
  if (plain && opts.caFile !== undefined) {
    return `--ca applies to https:// (wss://) servers only, not ${opts.server}`;
  }
  if (!opts.allowInsecure && isPlainRemote(opts.server)) {
    return (
      `--server ${opts.server} is plain http/ws: the station credential would cross the network ` +
      'unencrypted. Use https:// (wss://), or add --allow-insecure on a trusted network'
    );
  }
  return undefined;
}

/** Exchange a one-time token for the station credential and save it (mode 0600). */
export async function enroll(opts: EnrollOptions): Promise<number> {
  const { server, token, configPath } = opts;
  const problem = enrollFlagProblem(opts);
  if (problem) {
    process.stderr.write(`Tham số không hợp lệ / bad arguments: ${problem}\n`);
    return 2;
  }
  let ca: string | undefined;
  if (opts.caFile !== undefined) {
    try {
      ca = await readFile(opts.caFile, 'utf8');
    } catch (err) {
      process.stderr.write(`--ca ${opts.caFile}: cannot read: ${(err as Error).message}\n`);
      return 2;
    }
    if (!PEM_CERT.test(ca)) {
      process.stderr.write(`--ca ${opts.caFile}: no PEM certificate (BEGIN CERTIFICATE) in it\n`);
      return 2;
    }
  }
  const base = httpBaseUrl(server);
  const hostname = os.hostname().slice(0, 255) || 'unknown';
  let res: Awaited<ReturnType<typeof postJson>>;
  try {
    res = await postJson(
      `${base}/api/v1/enroll`,
      { token, hostname },
      { timeoutMs: 15_000, ...(ca !== undefined && { ca }) },
    );
  } catch (err) {
    const e = err as Error & { code?: string };
    const why = certificateProblem(e.code);
    process.stderr.write(
      `Không kết nối được máy chủ / cannot reach the server ${base}: ` +
        `${why ? `${why} (${e.code}: ${e.message})` : e.message}\n`,
    );
    return 1;
  }
  const body = res.body as (EnrollReply & { error?: { code: string; message: string } }) | null;
  if (res.status < 200 || res.status > 299 || !body?.credential) {
    const reason = body?.error ? `${body.error.code}: ${body.error.message}` : `HTTP ${res.status}`;
    process.stderr.write(`Đăng ký thất bại / enrollment failed: ${reason}\n`);
    return 1;
  }
  // Keep local settings (language, intervals) if the file already exists.
  let previous: Partial<AgentFileConfig> = {};
  try {
    previous = JSON.parse(await readFile(configPath, 'utf8')) as Partial<AgentFileConfig>;
  } catch {
    // new file
  }
  const config: AgentFileConfig = {
    ...previous,
    server,
    stationId: body.stationId,
    credential: body.credential,
    wardId: body.wardId,
  };
  delete config.targets;
  // The trust settings are exactly what this enrollment verified with.
  delete config.serverCaFile;
  delete config.allowInsecure;
  if (ca !== undefined) {
    const pinned = join(dirname(resolve(configPath)), PINNED_CA_FILE);
    await mkdir(dirname(pinned), { recursive: true });
    await writeFile(pinned, ca, { mode: 0o644 });
    config.serverCaFile = pinned;
  }
  if (opts.allowInsecure) config.allowInsecure = true;
  await writeConfigFile(configPath, config);
  process.stdout.write(
    `Đã đăng ký trạm ${body.stationId} (phường/xã ${body.wardId}); cấu hình lưu tại ${configPath}\n` +
      `Enrolled station ${body.stationId} (ward ${body.wardId}); config saved to ${configPath}\n` +
      (config.serverCaFile ? `Pinned server CA: ${config.serverCaFile}\n` : ''),
  );
  return 0;
}
