import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EventRecordSchema, compileValidator, serverMessageValidator } from '@wardwatch/shared';
import { AgentFileConfigSchema, StatusConfigSchema } from './config-schema.js';
import { explain } from './explain.js';
import {
  isAgentFileConfig,
  isEventRecord,
  isServerMessage,
  isStatusConfig,
} from './validators.gen.js';

const target = { id: 'gw', name: 'Gateway', probe: 'icmp', host: '10.0.0.1', intervalMs: 10_000 };
const config = { server: 'wss://ww.example.vn', stationId: 's', credential: 'c', wardId: 'w' };
const welcome = {
  v: 1,
  type: 'welcome',
  serverTime: 1,
  ackedSeq: 0,
  config: { targets: [target] },
};
const event = { kind: 'event', at: 1, name: 'inventory', detail: '{"os":"x"}' };

// Each generated check must agree with TypeBox compiling the same schema at run time.
const cases: [string, (v: unknown) => boolean, (v: unknown) => boolean, unknown[]][] = [
  [
    'agent.json',
    isAgentFileConfig,
    (v) => compileValidator(AgentFileConfigSchema).check(v),
    [
      config,
      {
        ...config,
        targets: [target],
        peripheralCatalog: [{ vid: '1162', category: 'scanner', vendor: 'X' }],
      },
      { ...config, server: 'ftp://x' },
      { ...config, extra: 1 },
      { ...config, targets: [{ ...target, id: 'Bad Id' }] },
      { ...config, requiredPeripherals: ['scanner', 'scanner'] },
      { ...config, stationId: '' },
      null,
    ],
  ],
  [
    'agent.json as status reads it',
    isStatusConfig,
    (v) => compileValidator(StatusConfigSchema).check(v),
    [
      config,
      { ...config, extra: 1, dataDir: 'd', language: 'en' },
      {},
      { ...config, language: 'fr' },
      { dataDir: '' },
      null,
    ],
  ],
  [
    'server message',
    isServerMessage,
    (v) => serverMessageValidator.check(v),
    [
      welcome,
      { v: 1, type: 'ack', seq: 3 },
      { ...welcome, v: 2 },
      { ...welcome, config: { targets: [{ ...target, probe: 'smtp' }] } },
      { v: 1, type: 'nope' },
      'welcome',
    ],
  ],
  [
    'event record',
    isEventRecord,
    (v) => compileValidator(EventRecordSchema).check(v),
    [event, { ...event, kind: 'probe' }, { ...event, at: 'now' }, {}],
  ],
];

describe('validators.gen.ts', () => {
  it('is current: regenerate with node agent/scripts/gen-validators.mjs', () => {
    const script = fileURLToPath(new URL('../scripts/gen-validators.mjs', import.meta.url));
    const run = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it.each(cases)('%s: same verdict as TypeBox at run time', (_name, generated, typebox, values) => {
    const verdicts = values.map((v) => [generated(v), typebox(v)]);
    expect(verdicts.map(([g]) => g)).toEqual(verdicts.map(([, t]) => t));
    // Both good and bad values are covered.
    expect(new Set(verdicts.map(([g]) => g)).size).toBe(2);
  });

  it('explains a failure in TypeBox words, loaded on demand', async () => {
    expect(await explain('config', { ...config, server: 'ftp://x' })).toMatch(/\/server/);
    expect(await explain('statusConfig', { language: 'fr' })).toMatch(/\/language/);
    expect(await explain('serverMessage', { ...welcome, v: 2 })).toMatch(/\/v/);
    expect(await explain('event', { ...event, at: 'now' })).toMatch(/\/at/);
  });
});
