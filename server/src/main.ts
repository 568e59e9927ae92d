import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { ConfigError, resolveConfig, type Config } from './config.js';
import { runMigrateData } from './migrate-data-cli.js';

const EXIT_USAGE = 2;

function loadConfig(): Config {
  try {
    return resolveConfig({
      argv: process.argv.slice(2),
      env: process.env,
      readFile: (path) => readFileSync(path, 'utf8'),
      defaultConsoleDir: fileURLToPath(new URL('../../console/dist', import.meta.url)),
    });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`wardwatch-server: ${err.message}\n`);
      process.exit(EXIT_USAGE);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await buildApp(config);
  const generated = app.wardwatch.generatedAdminPassword;
  if (generated !== null) {
    process.stdout.write(`Created console user admin with password: ${generated}\n`);
  }

  let closing: Promise<void> | null = null;
  const shutdown = (signal: string) => {
    closing ??= app
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        process.stderr.write(
          `wardwatch-server: error while stopping on ${signal}: ${String(err)}\n`,
        );
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // A wildcard address is not something a browser can open; loopback is.
  const shownHost =
    config.host === '0.0.0.0' || config.host === '::'
      ? '127.0.0.1'
      : config.host.includes(':')
        ? `[${config.host}]`
        : config.host;
  const scheme = config.tlsCert !== null ? 'https' : 'http';
  process.stdout.write(`WardWatch server ready: ${scheme}://${shownHost}:${port}/\n`);
}

if (process.argv[2] === 'migrate-data') {
  void runMigrateData(process.argv.slice(3)).then((code) => process.exit(code));
} else {
  main().catch((err: unknown) => {
    process.stderr.write(`wardwatch-server: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
