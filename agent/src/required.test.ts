import { describe, expect, it } from 'vitest';
import { peripheralRequirement } from './required.js';

const SERVER = { workstation: 2, fingerprint: 1, scanner: 1, card_reader: 1 };

describe('peripheralRequirement', () => {
  it('uses the local config when the server never sent a requirement', () => {
    expect(peripheralRequirement(undefined, ['fingerprint', 'printer'])).toEqual({
      categories: ['fingerprint', 'printer'],
      counts: { fingerprint: 1, printer: 1 },
      source: 'local',
    });
  });

  it.each([
    [
      SERVER,
      ['fingerprint', 'scanner', 'card_reader'],
      { fingerprint: 1, scanner: 1, card_reader: 1 },
    ],
    [{ ...SERVER, scanner: 0 }, ['fingerprint', 'card_reader'], { fingerprint: 1, card_reader: 1 }],
    [
      { ...SERVER, fingerprint: 2, card_reader: 0 },
      ['fingerprint', 'scanner'],
      { fingerprint: 2, scanner: 1 },
    ],
    [{ workstation: 1, fingerprint: 0, scanner: 0, card_reader: 0 }, [], {}],
  ])(
    'maps the server requirement %j (workstation is not a peripheral)',
    (server, categories, counts) => {
      // The local list is ignored once the server said what the ward needs.
      expect(peripheralRequirement(server, ['printer', 'camera'])).toEqual({
        categories,
        counts,
        source: 'server',
      });
    },
  );
});
