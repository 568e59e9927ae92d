import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig, type ConfigSources } from './config.js';

const sources = (over: Partial<ConfigSources> = {}): ConfigSources => ({
  argv: [],
  env: {},
  readFile: () => {
    throw new Error('ENOENT: no such file');
  },
  defaultConsoleDir: '/opt/ww/console/dist',
  ...over,
});

describe('resolveConfig', () => {
  it('has the documented defaults', () => {
    expect(resolveConfig(sources())).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      db: { kind: 'sqlite', path: './data/wardwatch.db' },
      adminPassword: null,
      consoleDir: '/opt/ww/console/dist',
      logLevel: 'warn',
    });
  });

  it('is frozen', () => {
    expect(Object.isFrozen(resolveConfig(sources()))).toBe(true);
  });

  it('takes flags over env over file', () => {
    const file = JSON.stringify({ host: 'file-host', port: 1111, db: 'sqlite:/file.db' });
    const readFile = () => file;
    expect(resolveConfig(sources({ argv: ['--config', 'c.json'], readFile }))).toMatchObject({
      host: 'file-host',
      port: 1111,
      db: { path: '/file.db' },
    });
    const env = {
      WARDWATCH_HOST: 'env-host',
      WARDWATCH_PORT: '2222',
      WARDWATCH_DB: 'sqlite:/env.db',
    };
    expect(resolveConfig(sources({ argv: ['--config', 'c.json'], readFile, env }))).toMatchObject({
      host: 'env-host',
      port: 2222,
      db: { path: '/env.db' },
    });
    expect(
      resolveConfig(
        sources({
          argv: ['--config', 'c.json', '--host', 'h', '--port', '0', '--db', 'sqlite:x.db'],
          readFile,
          env,
        }),
      ),
    ).toMatchObject({ host: 'h', port: 0, db: { path: 'x.db' } });
  });

  it('takes the metrics token from env over the file, null by default', () => {
    expect(resolveConfig(sources()).metricsToken).toBeNull();
    const readFile = () => JSON.stringify({ metricsToken: 'file-token-0123456789' });
    const argv = ['--config', 'c.json'];
    expect(resolveConfig(sources({ argv, readFile })).metricsToken).toBe('file-token-0123456789');
    const env = { WARDWATCH_METRICS_TOKEN: 'env-token-0123456789' };
    expect(resolveConfig(sources({ argv, readFile, env })).metricsToken).toBe(
      'env-token-0123456789',
    );
  });

  it('reads the admin password and log level from env', () => {
    const c = resolveConfig(
      sources({ env: { WARDWATCH_ADMIN_PASSWORD: 's3cret', WARDWATCH_LOG_LEVEL: 'info' } }),
    );
    expect(c.adminPassword).toBe('s3cret');
    expect(c.logLevel).toBe('info');
  });

  it('passes a PostgreSQL URL on as it is (the store decides whether it can open it)', () => {
    const url = 'postgresql://ww@127.0.0.1:5432/ww';
    expect(resolveConfig(sources({ argv: ['--db', url] })).db).toEqual({ kind: 'postgres', url });
  });

  it('takes trusted proxies from env over the file, none by default', () => {
    expect(resolveConfig(sources()).trustProxy).toEqual([]);
    const readFile = () => JSON.stringify({ trustProxy: '10.0.0.0/8' });
    const argv = ['--config', 'c.json'];
    expect(resolveConfig(sources({ argv, readFile })).trustProxy).toEqual(['10.0.0.0/8']);
    const env = { WARDWATCH_TRUST_PROXY: ' 127.0.0.1 , ::1,172.28.0.0/16,fd00::/8 ' };
    const c = resolveConfig(sources({ argv, readFile, env }));
    expect(c.trustProxy).toEqual(['127.0.0.1', '::1', '172.28.0.0/16', 'fd00::/8']);
    expect(Object.isFrozen(c.trustProxy)).toBe(true);
    // Empty means unset, as for the other variables: the file's value stands.
    const unset = resolveConfig(sources({ argv, readFile, env: { WARDWATCH_TRUST_PROXY: '' } }));
    expect(unset.trustProxy).toEqual(['10.0.0.0/8']);
  });

  it.each([
    '127.0.0.1',
    '::1',
    '10.0.0.0/8',
    '192.168.1.7/32',
    '2001:db8::/32',
    '::ffff:10.0.0.0/104',
    'fe80::/10,127.0.0.1',
  ])('accepts trustProxy %s, and Fastify compiles it', (list) => {
    const { trustProxy } = resolveConfig(sources({ env: { WARDWATCH_TRUST_PROXY: list } }));
    expect(trustProxy.join(',')).toBe(list);
    // What the config accepts must never make Fastify (proxy-addr) throw at start.
    expect(() => Fastify({ trustProxy: [...trustProxy] })).not.toThrow();
  });

  const trust = (value: string): Partial<ConfigSources> => ({
    env: { WARDWATCH_TRUST_PROXY: value },
  });
  it.each<[string, Partial<ConfigSources>, RegExp]>([
    ['trustProxy true', trust('true'), /"true" would trust every hop.*forge/],
    ['trustProxy *', trust('127.0.0.1,*'), /WARDWATCH_TRUST_PROXY: "\*" would trust every hop/],
    ['trustProxy 0.0.0.0/0', trust('0.0.0.0/0'), /"0\.0\.0\.0\/0" would trust every hop/],
    ['trustProxy ::/0', trust('::/0'), /"::\/0" would trust every hop/],
    ['trustProxy hostname', trust('nginx'), /"nginx" is not an IPv4\/IPv6 address or CIDR/],
    ['trustProxy hop count', trust('1'), /"1" is not an IPv4\/IPv6 address/],
    ['trustProxy short IPv4', trust('10.1'), /"10\.1" is not/],
    ['trustProxy IPv6 zone', trust('fe80::1%eth0'), /"fe80::1%eth0" is not/],
    [
      'trustProxy netmask',
      trust('10.0.0.0/255.0.0.0'),
      /"10\.0\.0\.0\/255\.0\.0\.0" has a bad prefix/,
    ],
    ['trustProxy IPv4 /33', trust('10.0.0.0/33'), /expected 1-32/],
    ['trustProxy IPv6 /129', trust('fd00::/129'), /expected 1-128/],
    ['trustProxy two slashes', trust('10.0.0.0/8/8'), /"10\.0\.0\.0\/8\/8" is not/],
    ['trustProxy empty entry', trust('127.0.0.1,,::1'), /empty entry in "127\.0\.0\.1,,::1"/],
    [
      'trustProxy bad entry in the file',
      { argv: ['--config', 'c'], readFile: () => '{"trustProxy":"loopback"}' },
      /^trustProxy: "loopback" is not/,
    ],
    [
      'trustProxy not a string',
      { argv: ['--config', 'c'], readFile: () => '{"trustProxy":true}' },
      /trustProxy/,
    ],
    ['unknown flag', { argv: ['--nope'] }, /nope/],
    ['non-numeric port', { argv: ['--port', 'abc'] }, /--port abc/],
    ['port out of range', { env: { WARDWATCH_PORT: '70000' } }, /WARDWATCH_PORT 70000/],
    ['unknown db scheme', { argv: ['--db', 'mysql://x'] }, /sqlite:PATH/],
    ['empty sqlite path', { argv: ['--db', 'sqlite:'] }, /missing file path/],
    ['missing config file', { argv: ['--config', 'none.json'] }, /none\.json.*ENOENT/],
    ['config not JSON', { argv: ['--config', 'c'], readFile: () => '{' }, /not JSON/],
    ['short metrics token', { env: { WARDWATCH_METRICS_TOKEN: 'short' } }, /metricsToken.*16-256/],
    [
      'metrics token with a space',
      { env: { WARDWATCH_METRICS_TOKEN: 'has a space in it, long' } },
      /WARDWATCH_METRICS_TOKEN/,
    ],
    ['config unknown key', { argv: ['--config', 'c'], readFile: () => '{"prot":1}' }, /prot/],
    ['bad log level', { env: { WARDWATCH_LOG_LEVEL: 'loud' } }, /logLevel/],
    ['positional argument', { argv: ['serve'] }, /serve/],
  ])('rejects %s with a clear message', (_name, over, message) => {
    expect(() => resolveConfig(sources(over))).toThrow(ConfigError);
    expect(() => resolveConfig(sources(over))).toThrow(message);
  });
});
