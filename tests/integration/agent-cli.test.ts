import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgentCli, startAgent, writeAgentConfig } from '../helpers/agent.js';
import { enrollStation, login, startServer, type RunningServer } from '../helpers/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('wardwatch-agent CLI', () => {
  it('enroll exchanges a token for credentials saved with mode 0600', async () => {
    const admin = await login(server);
    await admin.post('/api/v1/wards', { id: 'cli-enroll', name: 'Phường Trần Phú' });
    const { token } = await admin.post<{ token: string }>('/api/v1/enrollment-tokens', {
      wardId: 'cli-enroll',
    });
    const dir = await mkdtemp(join(tmpdir(), 'wardwatch-enroll-'));
    const configPath = join(dir, 'etc', 'agent.json');
    const res = await runAgentCli([
      'enroll',
      '--server',
      server.url,
      '--token',
      token,
      '--config',
      configPath,
    ]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('Đã đăng ký trạm');
    expect((await stat(configPath)).mode & 0o777).toBe(0o600);
    const { readFile } = await import('node:fs/promises');
    const config = JSON.parse(await readFile(configPath, 'utf8')) as Record<string, string>;
    expect(config).toMatchObject({ server: server.url, wardId: 'cli-enroll' });
    expect(config.credential?.length).toBeGreaterThan(20);
    // The one-time token cannot be used twice.
    const again = await runAgentCli([
      'enroll',
      '--server',
      server.url,
      '--token',
      token,
      '--config',
      join(dir, 'b.json'),
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/enrollment failed/);
  });

  it('unknown flags are a usage error with exit code 2; a bad config names the key', async () => {
    const res = await runAgentCli(['status', '--colour', 'red']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/unknown flag --colour/);
    const config = (overrides: Record<string, unknown>) =>
      writeAgentConfig({
        serverUrl: server.url,
        stationId: 's',
        credential: 'c',
        wardId: 'w',
        overrides,
      });
    const path = await config({ flushMs: 'soon' });
    const bad = await runAgentCli(['doctor', '--config', path]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(path);
    expect(bad.stderr).toMatch(/\/flushMs/);
    // status reads dataDir and language only: a key it does not use is not its concern.
    const status = await runAgentCli(['status', '--config', path]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('Chưa có dữ liệu trạng thái');
    const badLanguage = await config({ language: 'fr' });
    const badStatus = await runAgentCli(['status', '--config', badLanguage]);
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toContain(badLanguage);
    expect(badStatus.stderr).toMatch(/\/language/);
  });

  it('status works with the server down and speaks Vietnamese', async () => {
    const st = await enrollStation(server, { wardId: 'cli-status' });
    const agent = await startAgent({
      serverUrl: server.url,
      stationId: st.stationId,
      credential: st.credential,
      wardId: st.wardId,
    });
    try {
      await expect
        .poll(async () => (await agent.state()).connection.state, { timeout: 20_000 })
        .toBe('online');
      await server.kill();
      await expect
        .poll(async () => (await agent.state()).connection.state, { timeout: 20_000 })
        .not.toBe('online');
      const res = await runAgentCli(['status', '--config', agent.configPath]);
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toContain('Trạng thái tác nhân WardWatch');
      expect(res.stdout).toContain('Tác nhân: đang chạy');
      expect(res.stdout).toMatch(/Kết nối máy chủ: (mất kết nối|đang kết nối)/);
      expect(res.stdout).toMatch(/Liên lạc cuối với máy chủ: \d\d:\d\d:\d\d/);
      expect(res.stdout).toContain('Dữ liệu chờ gửi');
      const en = await runAgentCli(['status', '--config', agent.configPath, '--lang', 'en']);
      expect(en.stdout).toContain('Last contact with server');
    } finally {
      await agent.stop();
      await server.restart();
    }
  });

  it('doctor reports a missing ping binary when PATH has none', async () => {
    const emptyDir = await mkdtemp(join(tmpdir(), 'wardwatch-nopath-'));
    const path = await writeAgentConfig({
      serverUrl: server.url,
      stationId: 's',
      credential: 'c',
      wardId: 'w',
      overrides: {
        targets: [
          { id: 'gw', name: 'Gateway', probe: 'icmp', host: '127.0.0.1', intervalMs: 5000 },
        ],
      },
    });
    const res = await runAgentCli(['doctor', '--config', path], { PATH: emptyDir });
    expect(res.stdout).toContain(
      'không tìm thấy lệnh ping / ping binary not found: install iputils-ping',
    );
    expect(res.stdout).toMatch(/icmp gw .*ping_missing/);
    expect(res.stdout).toMatch(/\[OK\] sys: CPU/);
    expect(res.code).toBe(1);
    // With ping on PATH, the same check passes.
    const ok = await runAgentCli(['doctor', '--config', path]);
    expect(ok.stdout).toMatch(/\[OK\] ping: /);
    expect(ok.stdout).toMatch(/\[OK\] icmp gw .*loss 0%/);
  });
});
