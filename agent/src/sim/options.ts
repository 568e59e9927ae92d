import { parseArgs } from 'node:util';

export interface SimOptions {
  server: string;
  wards: number;
  stationsPerWard: number;
  seed: number;
  scenarioFile: string | null;
  username: string;
  password: string;
  stateFile: string | null;
}

export const SIM_USAGE = `usage: wardwatch-sim --server URL [--wards 23] [--stations-per-ward 1] [--seed N]
                     [--scenario FILE] [--user admin] [--password P] [--state FILE]
  Simulated stations speaking the real protocol; they synthesize results and never probe.
  Logs in as an admin (password from --password or WARDWATCH_ADMIN_PASSWORD) to create the
  wards and enroll the stations; --state keeps the stations' credentials between runs.`;

/** Parse and check the command line; throws an Error with a message fit for the user. */
export function parseSimOptions(argv: string[], env: NodeJS.ProcessEnv): SimOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      server: { type: 'string' },
      wards: { type: 'string', default: '23' },
      'stations-per-ward': { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      scenario: { type: 'string' },
      user: { type: 'string', default: 'admin' },
      password: { type: 'string' },
      state: { type: 'string' },
    },
  });
  if (!values.server) throw new Error('--server URL is required');
  let server: URL;
  try {
    server = new URL(values.server);
  } catch {
    throw new Error(`--server: not a URL: ${values.server}`);
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(server.protocol)) {
    throw new Error(`--server: expected an http(s) or ws(s) URL, got ${server.protocol}`);
  }
  const password = values.password ?? env.WARDWATCH_ADMIN_PASSWORD;
  if (!password)
    throw new Error('an admin password is needed: --password or WARDWATCH_ADMIN_PASSWORD');
  return {
    server: server.toString(),
    wards: positiveInt('--wards', values.wards, 100_000),
    stationsPerWard: positiveInt('--stations-per-ward', values['stations-per-ward'], 100),
    seed: positiveInt('--seed', values.seed, 2 ** 31),
    scenarioFile: values.scenario ?? null,
    username: values.user,
    password,
    stateFile: values.state ?? null,
  };
}

function positiveInt(flag: string, text: string, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new Error(`${flag}: expected a whole number from 1 to ${max}, got "${text}"`);
  }
  return n;
}
