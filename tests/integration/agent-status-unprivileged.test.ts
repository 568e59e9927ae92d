import { chmod, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgentCli, startAgent, type RunningAgent } from '../helpers/agent.js';
import { startTcpSink, type TcpSink } from '../helpers/tcp.js';
import { tempDir } from '../helpers/tmp.js';
import { asUnprivileged } from '../helpers/user.js';
import { until } from '../helpers/wait.js';

// DESIGN §2: the ward officer, who is no administrator, runs `wardwatch-agent status` while the
// link to the server is down. The config (mode 0600, root's) holds the station credential.
const user = asUnprivileged();
const skip = 'skip' in user ? user.skip : null;
if (skip) console.warn(`[agent-status] status as an unprivileged user skipped: ${skip}`);
const wrapper = 'wrapper' in user ? user.wrapper : [];

const AGENT_BUNDLE_SCRIPT = fileURLToPath(
  new URL('../../agent/scripts/bundle.mjs', import.meta.url),
);
const CREDENTIAL = `cred-${'k'.repeat(40)}`;
const env = { PATH: process.env.PATH };
/**
 * The shipped single-file agent, built into a folder `nobody` can read (the checkout may not
 * be), run as an officer would: `node wardwatch-agent.mjs status`, without the service's flags.
 */
let officerBundle = '';
const asOfficer = (args: string[]) =>
  runAgentCli(['status', ...args], env, 30_000, [officerBundle], wrapper);
const asAdmin = (args: string[]) => runAgentCli(['status', ...args], env);

describe.skipIf(skip !== null)('wardwatch-agent status as an unprivileged user', () => {
  let agent: RunningAgent;
  let sink: TcpSink;
  let scratch: { path: string; remove(): Promise<void> };

  beforeAll(async () => {
    sink = await startTcpSink();
    scratch = await tempDir('wardwatch-status-');
    await chmod(scratch.path, 0o755);
    officerBundle = join(scratch.path, 'wardwatch-agent.mjs');
    execFileSync(process.execPath, [AGENT_BUNDLE_SCRIPT, officerBundle]);
    // No server listens on port 1: the agent runs offline on its cached targets.
    agent = await startAgent({
      serverUrl: 'ws://127.0.0.1:1',
      stationId: 'st_officer',
      credential: CREDENTIAL,
      wardId: 'phuong-tran-phu',
      overrides: {
        targets: [
          {
            id: 'dvc',
            name: 'Cổng DVC',
            probe: 'tcp',
            host: '127.0.0.1',
            port: sink.port,
            intervalMs: 1000,
          },
        ],
        requiredPeripherals: ['printer'],
      },
    });
    // The temp dir is 0700 (mkdtemp); /etc/wardwatch is 0755. The config stays 0600.
    await chmod(dirname(agent.configPath), 0o755);
    await until(
      'a tcp result in state.json',
      async () => {
        const state = await agent.state().catch(() => null);
        return state?.lastResults.dvc?.ok ? true : undefined;
      },
      { timeoutMs: 20_000, everyMs: 200 },
    );
  }, 40_000);

  afterAll(async () => {
    await agent?.stop();
    await sink?.close();
    await scratch?.remove();
    if (agent) await rm(dirname(agent.configPath), { recursive: true, force: true });
  });

  it('cannot read the config, says so in one line, and shows the default data folder', async () => {
    const config = await stat(agent.configPath);
    expect([config.uid, config.mode & 0o777]).toEqual([0, 0o600]);
    const res = await asOfficer(['--config', agent.configPath]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toBe(
      `wardwatch-agent: Không có quyền đọc tệp cấu hình ${agent.configPath}: dùng thư mục dữ ` +
        `liệu mặc định ${agent.dataDir} (thư mục khác: --data-dir).\n`,
    );
    expect(res.stdout).toContain('Trạng thái tác nhân WardWatch');
    expect(res.stdout).toContain('Trạm: st_officer');
    expect(res.stdout).toContain('Phường/xã: phuong-tran-phu');
    expect(res.stdout).toContain('Tác nhân: đang chạy');
    expect(res.stdout).toMatch(/Kết nối máy chủ: (mất kết nối|đang kết nối)/);
    expect(res.stdout).toMatch(/Cổng DVC\s+tcp\s+tốt\s+[\d.]+ ms/);
    // Required devices: the config's list, as the agent wrote it into state.json.
    expect(res.stdout).toMatch(/Thiết bị ngoại vi bắt buộc.*:\n {2}Máy in/);
    expect(res.stdout).not.toContain('Đầu đọc vân tay');
    expect(res.stdout + res.stderr).not.toContain(CREDENTIAL);

    const en = await asOfficer(['--config', agent.configPath, '--lang', 'en']);
    expect(en.code, en.stderr).toBe(0);
    expect(en.stderr).toMatch(/^wardwatch-agent: No permission to read the config file .*\n$/);
    expect(en.stdout).toContain('Agent: running');
  });

  it('--data-dir reads the data folder without opening the config', async () => {
    const res = await asOfficer(['--data-dir', agent.dataDir]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain('Tác nhân: đang chạy');
    expect(res.stdout).toMatch(/Cổng DVC\s+tcp\s+tốt/);
  });

  it('an administrator still gets the config file read, with no notice', async () => {
    const res = await asAdmin(['--config', agent.configPath]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain('Tác nhân: đang chạy');
  });

  it('an unreadable data folder is a clear error, not "never ran"', async () => {
    await chmod(agent.dataDir, 0o700);
    try {
      const res = await asOfficer(['--config', agent.configPath]);
      expect(res.code).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr).toContain('Không có quyền đọc tệp cấu hình');
      expect(res.stderr).toContain(
        `wardwatch-agent: Không có quyền đọc ${join(agent.dataDir, 'state.json')}: hãy chạy ` +
          'bằng tài khoản quản trị',
      );
      const viaFlag = await asOfficer(['--data-dir', agent.dataDir, '--lang', 'en']);
      expect(viaFlag.code).toBe(1);
      expect(viaFlag.stderr).toMatch(
        /No permission to read .*state\.json: run as an administrator/,
      );
    } finally {
      await chmod(agent.dataDir, 0o755);
    }
  });

  it.each([
    ['a state file only root may read', '{}', 0o600, /Không có quyền đọc .*state\.json/],
    ['a broken state file', '{"pid": 1,', 0o644, /Tệp trạng thái .*state\.json bị hỏng: /],
  ])('%s: exit 1 with a clear message', async (name, text, mode, expected) => {
    const dir = join(scratch.path, name.replaceAll(' ', '-'));
    await mkdir(dir, { mode: 0o755 });
    await writeFile(join(dir, 'state.json'), text, { mode });
    const res = await asOfficer(['--data-dir', dir]);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(expected);
  });

  it.each([
    ['a missing folder', () => join(scratch.path, 'nope'), /--data-dir: không có thư mục dữ liệu/],
    [
      'a file',
      () => join(agent.dataDir, 'state.json'),
      /--data-dir: .*state\.json không phải là thư mục/,
    ],
  ])('--data-dir naming %s: exit 2', async (_name, dir, expected) => {
    const res = await asOfficer(['--data-dir', dir()]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(expected);
  });

  it('--data-dir with --config, or with no value, is a usage error', async () => {
    const both = await asOfficer(['--data-dir', agent.dataDir, '--config', agent.configPath]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--config FILE or --data-dir DIR, not both/);
    const empty = await asOfficer(['--data-dir']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/flag --data-dir needs a value/);
  });
});
