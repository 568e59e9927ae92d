import { Agent } from '../agent.js';
import { ConfigError, loadConfig, resolveConfigPath } from '../config.js';
import { INVENTORY_COMMAND } from '../collectors/inventory-child.js';
import { createLogger } from '../log.js';
import { parseArgs, UsageError, USAGE, type Command } from './args.js';
import { doctor } from './doctor.js';
import { enroll } from './enroll.js';
import { status, StatusError } from './status.js';

async function run(configPath: string, stopOnStdinEof: boolean): Promise<number> {
  const config = await loadConfig(configPath);
  const log = createLogger();
  const agent = new Agent({ config, log });
  await agent.start();
  // Every agent timer is unref()'d; this one keeps the process up while offline.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const onSignal = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info('stopping', { signal });
      clearInterval(keepAlive);
      agent.stop().then(
        () => resolve(0),
        (err: unknown) => {
          log.error('stop failed', { err: String(err) });
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', () => onSignal('SIGTERM'));
    process.once('SIGINT', () => onSignal('SIGINT'));
    // Windows has no SIGTERM: the service wrapper (deploy/windows) closes our stdin to stop us.
    if (stopOnStdinEof) {
      process.stdin.once('end', () => onSignal('stdin closed'));
      process.stdin.resume();
    }
  });
}

async function dispatch(cmd: Command): Promise<number> {
  switch (cmd.command) {
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case 'enroll':
      return enroll({
        server: cmd.server,
        token: cmd.token,
        configPath: resolveConfigPath(cmd.config),
        allowInsecure: cmd.allowInsecure,
        ...(cmd.ca !== undefined && { caFile: cmd.ca }),
      });
    case 'run':
      return run(resolveConfigPath(cmd.config), process.env.WARDWATCH_STOP_ON_STDIN_EOF === '1');
    case 'status':
      return status(cmd, {
        out: (text) => process.stdout.write(text),
        err: (text) => process.stderr.write(text),
      });
    case 'doctor': {
      const config = await loadConfig(resolveConfigPath(cmd.config));
      return doctor(config, (line) => process.stdout.write(line + '\n'));
    }
    default: {
      const never: never = cmd;
      return never;
    }
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === INVENTORY_COMMAND) {
    // Loaded only here: the long-running agent never holds systeminformation in memory.
    const { collectInventory } = await import('../collectors/inventory.js');
    process.stdout.write(JSON.stringify(await collectInventory(Number(argv[1]) || Date.now())));
    return 0;
  }
  try {
    return await dispatch(parseArgs(argv));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`wardwatch-agent: ${err.message}\n\n${USAGE}`);
      return err.exitCode;
    }
    if (err instanceof ConfigError || err instanceof StatusError) {
      process.stderr.write(`wardwatch-agent: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`wardwatch-agent: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}

const argv = process.argv.slice(2);
const code = await main(argv);
// `run` may leave a straggler (a hung ping, an inventory child): exit once stopped.
if (argv[0] === 'run' || argv[0] === INVENTORY_COMMAND) process.exit(code);
process.exitCode = code;
