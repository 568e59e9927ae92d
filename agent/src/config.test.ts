import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  cacheServerConfig,
  defaultConfigPath,
  loadConfig,
  loadStatusSettings,
  parseConfig,
  resolveConfigPath,
  writeConfigFile,
} from './config.js';

const valid = {
  server: 'ws://127.0.0.1:8080',
  stationId: 'st_1',
  credential: 'c',
  wardId: 'tran-phu',
};
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ww-config-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('agent config', () => {
  it('fills defaults; dataDir is beside the config file', async () => {
    const c = await parseConfig('/etc/wardwatch/agent.json', valid);
    expect(c).toMatchObject({
      dataDir: '/etc/wardwatch/data',
      language: 'vi',
      sysIntervalMs: 60_000,
      heartbeatMs: 15_000,
      flushMs: 1000,
      outboxMaxBytes: 200 * 1024 * 1024,
      sysIntervalOverride: false,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('new keys: defaults, site catalog normalized and attributed', async () => {
    const c = await parseConfig('/etc/wardwatch/agent.json', {
      ...valid,
      tunnelInterface: '/^tun/',
      peripheralCatalog: [{ vid: 'ABCD', pids: ['00EF'], category: 'scanner', vendor: 'Local' }],
    });
    expect(c).toMatchObject({
      tunnelInterface: '/^tun/',
      ifaceIntervalMs: 5000,
      peripheralsIntervalMs: 60_000,
      peripheralsFullEveryMs: 900_000,
      sysfsRoot: '/sys',
      requiredPeripherals: ['fingerprint', 'scanner', 'card_reader'],
      peripheralCatalog: [
        { vid: 'abcd', pids: ['00ef'], source: 'site config (/etc/wardwatch/agent.json)' },
      ],
    });
  });

  it.each([
    ['a wrong type', { ...valid, sysIntervalMs: 'fast' }, /\/sysIntervalMs.*integer/],
    ['a missing key', { ...valid, credential: undefined }, /credential/],
    ['an unknown key', { ...valid, colour: 'blue' }, /colour|additional/i],
    ['a bad language', { ...valid, language: 'fr' }, /\/language/],
    ['a bad server URL', { ...valid, server: 'ftp://x' }, /\/server/],
    [
      'a bad catalog vid',
      { ...valid, peripheralCatalog: [{ vid: '11620', category: 'fingerprint', vendor: 'X' }] },
      /\/peripheralCatalog\/0\/vid/,
    ],
    [
      'a bad catalog category',
      { ...valid, peripheralCatalog: [{ vid: '1162', category: 'mouse', vendor: 'X' }] },
      /\/peripheralCatalog\/0\/category/,
    ],
    [
      'a bad required category',
      { ...valid, requiredPeripherals: ['toaster'] },
      /\/requiredPeripherals/,
    ],
    ['a bad cron', { ...valid, inventoryCron: 'every day at 3' }, /\/inventoryCron/],
  ])('names the file and the key for %s', async (_n, raw, re) => {
    let error: unknown;
    try {
      await parseConfig('/x/agent.json', raw);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(2);
    expect((error as Error).message).toContain('/x/agent.json');
    expect((error as Error).message).toMatch(re);
  });

  it('reports a missing file and bad JSON clearly', async () => {
    await expect(loadConfig(join(dir, 'nope.json'))).rejects.toThrow(/not found/);
    await writeFile(join(dir, 'bad.json'), '{"server":');
    await expect(loadConfig(join(dir, 'bad.json'))).rejects.toThrow(/bad\.json: not valid JSON/);
  });

  it('resolves the path: flag, then env, then platform default', () => {
    expect(resolveConfigPath('/a.json', { WARDWATCH_AGENT_CONFIG: '/b.json' })).toBe('/a.json');
    expect(resolveConfigPath(undefined, { WARDWATCH_AGENT_CONFIG: '/b.json' })).toBe('/b.json');
    expect(resolveConfigPath(undefined, {}, 'linux')).toBe('/etc/wardwatch/agent.json');
    expect(defaultConfigPath('win32', { ProgramData: 'D:\\PD' })).toBe(
      'D:\\PD\\WardWatch\\agent.json',
    );
  });

  it('writes with mode 0600 and caches the server config without losing keys', async () => {
    const path = join(dir, 'sub', 'agent.json');
    await writeConfigFile(path, valid);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await loadConfig(path)).equipment).toBeUndefined();
    const equipment = { workstation: 1, fingerprint: 1, scanner: 0, card_reader: 1 };
    await cacheServerConfig(path, {
      targets: [{ id: 'gw', name: 'Gateway', probe: 'icmp', host: '127.0.0.1', intervalMs: 5000 }],
      equipment,
    });
    const c = await loadConfig(path);
    expect(c.credential).toBe('c');
    expect(c.targets?.[0]?.id).toBe('gw');
    expect(c.equipment).toEqual(equipment);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});

describe('status settings', () => {
  const write = async (name: string, raw: unknown) => {
    const path = join(dir, name);
    await writeFile(path, JSON.stringify(raw));
    return path;
  };

  it('take dataDir and language only; other keys are neither kept nor checked', async () => {
    const path = await write('status-a.json', {
      dataDir: 'state',
      language: 'en',
      flushMs: 'soon',
      credential: 'secret',
    });
    expect(await loadStatusSettings(path)).toEqual({ dataDir: join(dir, 'state'), language: 'en' });
    const bare = await write('status-b.json', {});
    expect(await loadStatusSettings(bare)).toEqual({ dataDir: join(dir, 'data'), language: 'vi' });
  });

  it.each([
    ['a bad language', { language: 'fr' }, /\/language/],
    ['an empty dataDir', { dataDir: '' }, /\/dataDir/],
    ['not an object', [], /expected object|object/i],
  ])('name the file and the key for %s', async (_n, raw, re) => {
    const path = await write('status-bad.json', raw);
    const error = await loadStatusSettings(path).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).isPermissionDenied).toBe(false);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(re);
  });

  it('a missing file is not a permission problem', async () => {
    const error = await loadStatusSettings(join(dir, 'none.json')).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).isPermissionDenied).toBe(false);
  });
});

describe('server transport security', () => {
  it('refuses plain ws/http to a remote server unless allowInsecure is set', async () => {
    const remote = { ...valid, server: 'http://10.0.0.5:8080' };
    await expect(parseConfig('/a.json', remote)).rejects.toThrow(/allowInsecure/);
    expect((await parseConfig('/a.json', { ...remote, allowInsecure: true })).allowInsecure).toBe(
      true,
    );
    const secure = await parseConfig('/a.json', { ...valid, server: 'wss://wardwatch.example.vn' });
    expect(secure.server).toBe('wss://wardwatch.example.vn');
    expect(await parseConfig('/a.json', { ...valid, server: 'ws://127.0.0.1:8080' })).toBeTruthy();
  });
  it('resolves a pinned server CA next to the config', async () => {
    const c = await parseConfig('/etc/ww/agent.json', {
      ...valid,
      server: 'wss://ww.example.vn',
      serverCaFile: 'ca.pem',
    });
    expect(c.serverCaFile).toBe('/etc/ww/ca.pem');
  });
});
