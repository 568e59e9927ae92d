import assert from 'node:assert/strict';
import { test } from 'node:test';
import { levelDb, parseDbOption } from './db.mjs';

test('parseDbOption: SQLite by default, postgres:// with a schema prefix', () => {
  assert.deepEqual(parseDbOption(undefined), { engine: 'sqlite' });
  assert.deepEqual(parseDbOption('postgres://postgres@127.0.0.1:5432/test?schema=bench_<random>'), {
    engine: 'postgres',
    base: 'postgres://postgres@127.0.0.1:5432/test',
    prefix: 'bench',
  });
  assert.equal(parseDbOption('postgres://u@h/db?schema=run7').prefix, 'run7');
  assert.equal(parseDbOption('postgresql://u@h/db').prefix, 'bench');
});

test('parseDbOption: refuses other URLs and unsafe schema names', () => {
  assert.throws(() => parseDbOption('mysql://h/db'), /only postgres/);
  assert.throws(() => parseDbOption('not a url'), /not a URL/);
  assert.throws(() => parseDbOption('postgres://h/db?schema=Bad;drop'), /lower-case/);
});

test('levelDb: a SQLite file in the dir, or a fresh schema per PostgreSQL level', () => {
  assert.deepEqual(levelDb({ engine: 'sqlite' }, '/tmp/x'), {
    arg: 'sqlite:/tmp/x/ww.db',
    schema: null,
  });
  const pg = parseDbOption('postgres://postgres@127.0.0.1:5432/test');
  const a = levelDb(pg, '/tmp/x');
  const b = levelDb(pg, '/tmp/x');
  assert.match(a.schema, /^bench_[0-9a-f]{12}$/);
  assert.notEqual(a.schema, b.schema);
  assert.equal(a.arg, `postgres://postgres@127.0.0.1:5432/test?schema=${a.schema}`);
});
