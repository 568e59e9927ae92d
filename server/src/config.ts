import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import Type, { type Static } from 'typebox';
import { compileValidator } from '@wardwatch/shared';

export const LogLevelSchema = Type.Union(
  ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
);

const METRICS_TOKEN = /^[\x21-\x7e]{16,256}$/;

export const ConfigSchema = Type.Object(
  {
    host: Type.String({ minLength: 1 }),
    port: Type.Integer({ minimum: 0, maximum: 65535 }),
    /** What `--db` named; `openStore(db.url)` opens it. */
    db: Type.Union([
      Type.Object(
        {
          kind: Type.Literal('sqlite'),
          url: Type.String({ minLength: 1 }),
          path: Type.String({ minLength: 1 }),
        },
        { additionalProperties: false },
      ),
      Type.Object(
        { kind: Type.Literal('postgres'), url: Type.String({ minLength: 1 }) },
        { additionalProperties: false },
      ),
    ]),
    /** Used only when the first admin is created; otherwise a random one is printed. */
    adminPassword: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
    /** Built console to serve at `/`; skipped when the folder does not exist. */
    consoleDir: Type.String({ minLength: 1 }),
    logLevel: LogLevelSchema,
    sessionTtlMs: Type.Integer({ minimum: 60_000 }),
    enrollmentTokenTtlMs: Type.Integer({ minimum: 60_000 }),
    /** The server pings agents this often and drops those that did not pong. */
    agentPingIntervalMs: Type.Integer({ minimum: 1000 }),
    /** Console `station` events are coalesced and flushed at most this often. */
    consoleFlushMs: Type.Integer({ minimum: 10 }),
    /** How often the detector checks silent stations against server time. */
    detectorTickMs: Type.Integer({ minimum: 100 }),
    /** Incident changes within this window go out as one message per channel. */
    notifyDigestMs: Type.Integer({ minimum: 0 }),
    /** First retry of a failed notification after this; doubling each time. */
    notifyRetryBaseMs: Type.Integer({ minimum: 100 }),
    notifyMaxAttempts: Type.Integer({ minimum: 1, maximum: 100 }),
    /** PEM files: when both are set the server speaks https/wss only. */
    tlsCert: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
    tlsKey: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
    /** Open /ws/agent sockets allowed from one client address. */
    maxAgentConnectionsPerIp: Type.Integer({ minimum: 1 }),
    /**
     * Bearer token Prometheus sends to GET /metrics; null: only loopback peers and admin
     * sessions may read it. Printable ASCII without spaces, at least 16 characters.
     */
    metricsToken: Type.Union([Type.String({ pattern: METRICS_TOKEN.source }), Type.Null()]),
    /**
     * Reverse proxies (addresses or CIDRs) whose X-Forwarded-For names the client: a request
     * from one of them counts as from the client it forwards. Empty: the TCP peer is the client.
     */
    trustProxy: Type.Immutable(Type.Array(Type.String({ minLength: 1 }))),
  },
  { additionalProperties: false },
);
export type Config = Readonly<Static<typeof ConfigSchema>>;

/** Keys a `--config` JSON file may set (everything except the admin password is optional). */
const FileSchema = Type.Object(
  {
    host: Type.Optional(Type.String()),
    port: Type.Optional(Type.Integer()),
    db: Type.Optional(Type.String()),
    adminPassword: Type.Optional(Type.String()),
    consoleDir: Type.Optional(Type.String()),
    logLevel: Type.Optional(Type.String()),
    sessionTtlMs: Type.Optional(Type.Integer()),
    enrollmentTokenTtlMs: Type.Optional(Type.Integer()),
    agentPingIntervalMs: Type.Optional(Type.Integer()),
    consoleFlushMs: Type.Optional(Type.Integer()),
    detectorTickMs: Type.Optional(Type.Integer()),
    notifyDigestMs: Type.Optional(Type.Integer()),
    notifyRetryBaseMs: Type.Optional(Type.Integer()),
    notifyMaxAttempts: Type.Optional(Type.Integer()),
    tlsCert: Type.Optional(Type.String()),
    tlsKey: Type.Optional(Type.String()),
    maxAgentConnectionsPerIp: Type.Optional(Type.Integer()),
    metricsToken: Type.Optional(Type.String()),
    trustProxy: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const configValidator = compileValidator(ConfigSchema);
const fileValidator = compileValidator(FileSchema);

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface ConfigSources {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** Reads the `--config` file as text (injected so parsing stays pure). */
  readFile(path: string): string;
  /** Default console folder (the package's `../console/dist`). */
  defaultConsoleDir: string;
}

export const DEFAULT_DB = 'sqlite:./data/wardwatch.db';

/** `sqlite:PATH` → the path, `postgres://…` as given; anything else is a clear error. */
export function parseDbUrl(url: string): Static<typeof ConfigSchema>['db'] {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw new ConfigError(`--db ${url}: missing file path after "sqlite:"`);
    return { kind: 'sqlite', url, path };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return { kind: 'postgres', url };
  }
  throw new ConfigError(`--db ${url}: expected sqlite:PATH or postgres://…`);
}

function parsePort(text: string, from: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) {
    throw new ConfigError(`${from} ${text}: expected a port number 0-65535`);
  }
  return Number(text);
}

/**
 * `trustProxy`: comma-separated IPv4/IPv6 addresses and CIDRs, e.g. `127.0.0.1,10.0.0.0/8,::1`.
 * Strict, so a typo fails the start instead of silently trusting nobody (or everybody).
 */
export function parseTrustProxy(text: string, from: string): string[] {
  if (text.trim() === '') return [];
  return text.split(',').map((raw) => {
    const entry = raw.trim();
    const bad = (why: string) => new ConfigError(`${from}: "${entry}" ${why}`);
    // Every hop trusted: any client could name any address in X-Forwarded-For.
    const everyHop = () =>
      bad(
        'would trust every hop, so any client could forge its address with X-Forwarded-For;' +
          ' list the proxies’ own addresses or networks (e.g. 10.0.0.0/8)',
      );
    if (entry === '') throw new ConfigError(`${from}: empty entry in "${text}"`);
    if (/^(true|\*|all)$/i.test(entry)) throw everyHop();
    const [address = '', prefix, extra] = entry.split('/');
    const family = address.includes('%') ? 0 : isIP(address);
    if (family === 0 || extra !== undefined) {
      throw bad('is not an IPv4/IPv6 address or CIDR (e.g. 127.0.0.1, 10.0.0.0/8, fd00::/8)');
    }
    if (prefix !== undefined) {
      const max = family === 4 ? 32 : 128;
      if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) {
        throw bad(`has a bad prefix length: expected 1-${max}`);
      }
      if (Number(prefix) === 0) throw everyHop();
    }
    return entry;
  });
}

const envInt = (text: string | undefined) =>
  text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;

/** Flags beat environment, environment beats the config file, the file beats defaults. */
export function resolveConfig(sources: ConfigSources): Config {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...sources.argv],
      options: {
        config: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        db: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const flags = parsed.values;
  if (flags.help) {
    throw new ConfigError(
      'usage: wardwatch-server [--config FILE] [--host H] [--port P] [--db sqlite:PATH|postgres://…]',
    );
  }

  let file: Static<typeof FileSchema> = {};
  if (flags.config !== undefined) {
    let text: string;
    try {
      text = sources.readFile(flags.config);
    } catch (err) {
      throw new ConfigError(`--config ${flags.config}: ${(err as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new ConfigError(`--config ${flags.config}: not JSON: ${(err as Error).message}`);
    }
    const unknown =
      json && typeof json === 'object' && !Array.isArray(json)
        ? Object.keys(json).filter((k) => !(k in FileSchema.properties))
        : [];
    if (unknown.length > 0) {
      throw new ConfigError(`--config ${flags.config}: unknown key(s): ${unknown.join(', ')}`);
    }
    if (!fileValidator.check(json)) {
      throw new ConfigError(`--config ${flags.config}: ${fileValidator.explain(json)}`);
    }
    file = json;
  }

  const env = sources.env;
  const port =
    flags.port !== undefined
      ? parsePort(flags.port, '--port')
      : env.WARDWATCH_PORT
        ? parsePort(env.WARDWATCH_PORT, 'WARDWATCH_PORT')
        : (file.port ?? 8080);
  const dbUrl = flags.db ?? (env.WARDWATCH_DB || undefined) ?? file.db ?? DEFAULT_DB;

  const candidate = {
    host: flags.host ?? (env.WARDWATCH_HOST || undefined) ?? file.host ?? '0.0.0.0',
    port,
    db: parseDbUrl(dbUrl),
    adminPassword: (env.WARDWATCH_ADMIN_PASSWORD || undefined) ?? file.adminPassword ?? null,
    consoleDir: file.consoleDir ?? sources.defaultConsoleDir,
    logLevel: (env.WARDWATCH_LOG_LEVEL || undefined) ?? file.logLevel ?? 'warn',
    sessionTtlMs: file.sessionTtlMs ?? 12 * 3600_000,
    enrollmentTokenTtlMs: file.enrollmentTokenTtlMs ?? 24 * 3600_000,
    agentPingIntervalMs: file.agentPingIntervalMs ?? 30_000,
    consoleFlushMs: file.consoleFlushMs ?? 100,
    detectorTickMs: file.detectorTickMs ?? 1000,
    notifyDigestMs: envInt(env.WARDWATCH_NOTIFY_DIGEST_MS) ?? file.notifyDigestMs ?? 30_000,
    notifyRetryBaseMs: envInt(env.WARDWATCH_NOTIFY_RETRY_MS) ?? file.notifyRetryBaseMs ?? 5_000,
    notifyMaxAttempts: file.notifyMaxAttempts ?? 6,
    tlsCert: (env.WARDWATCH_TLS_CERT || undefined) ?? file.tlsCert ?? null,
    tlsKey: (env.WARDWATCH_TLS_KEY || undefined) ?? file.tlsKey ?? null,
    maxAgentConnectionsPerIp:
      envInt(env.WARDWATCH_MAX_AGENT_CONNECTIONS_PER_IP) ?? file.maxAgentConnectionsPerIp ?? 64,
    metricsToken: (env.WARDWATCH_METRICS_TOKEN || undefined) ?? file.metricsToken ?? null,
    trustProxy: env.WARDWATCH_TRUST_PROXY
      ? parseTrustProxy(env.WARDWATCH_TRUST_PROXY, 'WARDWATCH_TRUST_PROXY')
      : parseTrustProxy(file.trustProxy ?? '', 'trustProxy'),
  };
  if ((candidate.tlsCert === null) !== (candidate.tlsKey === null)) {
    throw new ConfigError('TLS needs both tlsCert and tlsKey (or neither)');
  }
  // Checked here so the message names the setting without echoing the secret.
  if (candidate.metricsToken !== null && !METRICS_TOKEN.test(candidate.metricsToken)) {
    throw new ConfigError(
      'metricsToken (WARDWATCH_METRICS_TOKEN): 16-256 printable ASCII characters, no spaces',
    );
  }
  if (!configValidator.check(candidate)) {
    throw new ConfigError(`invalid configuration: ${configValidator.explain(candidate)}`);
  }
  return Object.freeze({
    ...candidate,
    db: Object.freeze({ ...candidate.db }),
    trustProxy: Object.freeze(candidate.trustProxy),
  });
}
