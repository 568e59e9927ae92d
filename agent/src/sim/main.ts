import { readFile } from 'node:fs/promises';
import { createLogger } from '../log.js';
import { prepareStations } from './bootstrap.js';
import { createFleet } from './fleet.js';
import { parseSimOptions, SIM_USAGE } from './options.js';
import { DEFAULT_SCENARIO, scenarioValidator, type Scenario } from './scenario.js';

async function loadScenario(file: string | null): Promise<Scenario> {
  if (!file) return DEFAULT_SCENARIO;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`--scenario ${file}: ${(err as Error).message}`);
  }
  if (!scenarioValidator.check(parsed)) {
    throw new Error(`--scenario ${file}: ${scenarioValidator.explain(parsed)}`);
  }
  return parsed;
}

async function main(): Promise<void> {
  let options;
  let scenario: Scenario;
  try {
    options = parseSimOptions(process.argv.slice(2), process.env);
    scenario = await loadScenario(options.scenarioFile);
  } catch (err) {
    process.stderr.write(`wardwatch-sim: ${(err as Error).message}\n${SIM_USAGE}\n`);
    process.exit(2);
  }
  // Thousands of stations connect at once: only warnings and errors are worth a line.
  const full = createLogger();
  const log = { ...full, info: () => {} };
  const stations = await prepareStations(options);
  const fleet = createFleet({
    server: options.server,
    stations,
    scenario,
    seed: options.seed,
    log,
  });
  fleet.start();
  process.stdout.write(
    `wardwatch-sim: ${stations.length} simulated stations in ${options.wards} wards, scenario ${scenario.name}\n`,
  );
  const keepAlive = setInterval(() => {}, 60_000);
  const stop = () => {
    clearInterval(keepAlive);
    void fleet.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`wardwatch-sim: ${(err as Error).message}\n`);
  process.exit(1);
});
