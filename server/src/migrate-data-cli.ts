import { parseArgs } from 'node:util';
import { MigrateDataError, migrateData } from './store/migrate-data.js';

export const MIGRATE_USAGE =
  'usage: wardwatch-server migrate-data --from sqlite:PATH --to postgres://USER@HOST:PORT/DB[?schema=NAME]';

/** `--from sqlite:PATH --to postgres://…` → the SQLite path and the PostgreSQL URL. */
export function parseMigrateArgs(argv: readonly string[]): { from: string; to: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { from: { type: 'string' }, to: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new MigrateDataError(`${(err as Error).message}\n${MIGRATE_USAGE}`);
  }
  const { from, to } = values;
  if (from === undefined || to === undefined) throw new MigrateDataError(MIGRATE_USAGE);
  if (!from.startsWith('sqlite:') || from.length === 'sqlite:'.length) {
    throw new MigrateDataError(`--from ${from}: expected sqlite:PATH\n${MIGRATE_USAGE}`);
  }
  if (!/^postgres(ql)?:\/\//.test(to)) {
    throw new MigrateDataError(`--to: expected postgres://…\n${MIGRATE_USAGE}`);
  }
  return { from: from.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, ''), to };
}

/** `wardwatch-server migrate-data …`: exit 0 when copied, 2 on bad usage or a refused target. */
export async function runMigrateData(argv: readonly string[]): Promise<number> {
  try {
    const { from, to } = parseMigrateArgs(argv);
    const counts = await migrateData(from, to, (table, rows) =>
      process.stdout.write(`${table}: ${rows} rows\n`),
    );
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    process.stdout.write(`migrate-data: copied ${total} rows into PostgreSQL\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`wardwatch-server migrate-data: ${(err as Error).message}\n`);
    return err instanceof MigrateDataError ? 2 : 1;
  }
}
