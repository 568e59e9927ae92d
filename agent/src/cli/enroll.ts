import os from 'node:os';
import type { EnrollReply } from '@wardwatch/shared';
import { readFile } from 'node:fs/promises';
import { writeConfigFile, type AgentFileConfig } from '../config.js';
import { httpBaseUrl } from '../transport/url.js';

/** Exchange a one-time token for the station credential and save it (mode 0600). */
export async function enroll(server: string, token: string, configPath: string): Promise<number> {
  let base: string;
  try {
    base = httpBaseUrl(server);
  } catch {
    process.stderr.write(`--server: not a URL: ${server}\n`);
    return 2;
  }
  const hostname = os.hostname().slice(0, 255) || 'unknown';
  let res: Response;
  try {
    res = await fetch(`${base}/api/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, hostname }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    process.stderr.write(
      `Không kết nối được máy chủ / cannot reach the server ${base}: ${(err as Error).message}\n`,
    );
    return 1;
  }
  const body = (await res.json().catch(() => null)) as
    (EnrollReply & { error?: { code: string; message: string } }) | null;
  if (!res.ok || !body?.credential) {
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
  await writeConfigFile(configPath, config);
  process.stdout.write(
    `Đã đăng ký trạm ${body.stationId} (phường/xã ${body.wardId}); cấu hình lưu tại ${configPath}\n` +
      `Enrolled station ${body.stationId} (ward ${body.wardId}); config saved to ${configPath}\n`,
  );
  return 0;
}
