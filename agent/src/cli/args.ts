/** Parsed command line; each command accepts only its own flags. */
export type Command =
  | {
      command: 'enroll';
      server: string;
      token: string;
      config?: string;
      /** PEM CA bundle that alone is trusted for the server (copied into the config dir). */
      ca?: string;
      /** Accept plain http/ws to a remote server (recorded as `allowInsecure` in the config). */
      allowInsecure: boolean;
    }
  | { command: 'run'; config?: string }
  | {
      command: 'status';
      config?: string;
      /** Read state.json from here and leave the config file alone. */
      dataDir?: string;
      lang?: 'vi' | 'en';
    }
  | { command: 'doctor'; config?: string }
  | { command: 'help' };

export class UsageError extends Error {
  readonly exitCode = 2;
}

export const USAGE = `Usage:
  wardwatch-agent enroll --server URL --token TOKEN [--config FILE] [--ca FILE] [--allow-insecure]
  wardwatch-agent run [--config FILE]
  wardwatch-agent status [--config FILE | --data-dir DIR] [--lang vi|en]
  wardwatch-agent doctor [--config FILE]

Config file: --config FILE, else $WARDWATCH_AGENT_CONFIG, else /etc/wardwatch/agent.json
(Windows: %ProgramData%\\WardWatch\\agent.json).
enroll: https is verified against the system CAs, or only against --ca FILE (pinned, and
kept for run); plain http/ws to another machine is refused unless --allow-insecure.
status needs no administrator rights: it takes only dataDir and language from the config,
and when the config cannot be read (it holds the credential) it reads the data folder beside
it; --data-dir DIR skips the config file.
`;

const FLAGS = {
  enroll: ['server', 'token', 'config', 'ca'],
  run: ['config'],
  status: ['config', 'data-dir', 'lang'],
  doctor: ['config'],
} as const;
/** Flags without a value (present = true). */
const SWITCHES: Record<Name, readonly string[]> = {
  enroll: ['allow-insecure'],
  run: [],
  status: [],
  doctor: [],
};
type Name = keyof typeof FLAGS;
const isName = (s: string): s is Name => Object.hasOwn(FLAGS, s);

export function parseArgs(argv: readonly string[]): Command {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    return { command: 'help' };
  }
  if (!isName(name)) throw new UsageError(`unknown command "${name}"`);
  const allowed: readonly string[] = FLAGS[name];
  const switches = SWITCHES[name];
  const flags: Record<string, string> = {};
  const on = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const key = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (switches.includes(key)) {
      if (eq > 0) throw new UsageError(`flag --${key} takes no value`);
      on.add(key);
      continue;
    }
    if (!allowed.includes(key)) {
      const all = [...allowed, ...switches].map((f) => `--${f}`).join(', ');
      throw new UsageError(`unknown flag --${key} for "${name}" (allowed: ${all})`);
    }
    const value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) {
      throw new UsageError(`flag --${key} needs a value`);
    }
    flags[key] = value;
  }
  switch (name) {
    case 'enroll':
      if (!flags.server) throw new UsageError('enroll needs --server URL');
      if (!flags.token) throw new UsageError('enroll needs --token TOKEN');
      return {
        command: 'enroll',
        server: flags.server,
        token: flags.token,
        config: flags.config,
        ca: flags.ca,
        allowInsecure: on.has('allow-insecure'),
      };
    case 'run':
      return { command: 'run', config: flags.config };
    case 'status': {
      const lang = flags.lang;
      if (lang !== undefined && lang !== 'vi' && lang !== 'en') {
        throw new UsageError(`--lang must be vi or en, got "${lang}"`);
      }
      if (flags.config !== undefined && flags['data-dir'] !== undefined) {
        throw new UsageError('status takes --config FILE or --data-dir DIR, not both');
      }
      return { command: 'status', config: flags.config, dataDir: flags['data-dir'], lang };
    }
    case 'doctor':
      return { command: 'doctor', config: flags.config };
    default: {
      const never: never = name;
      return never;
    }
  }
}
