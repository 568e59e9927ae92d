import { describe, expect, it } from 'vitest';
import { agentTakesEquipment, versionAtLeast } from './capabilities.js';

describe('agent capabilities by version', () => {
  it.each([
    ['0.2.0', true],
    ['0.2.0-sim', true],
    ['0.10.0', true],
    ['1.0.0', true],
    ['0.1.9', false],
    ['0.1.0-test', false],
    ['dev', false],
    ['', false],
  ])('agent %j takes config.equipment: %s', (version, expected) => {
    expect(agentTakesEquipment(version)).toBe(expected);
  });

  it('compares numerically, part by part', () => {
    expect(versionAtLeast('2.0.0', '1.9.9')).toBe(true);
    expect(versionAtLeast('1.9.10', '1.9.9')).toBe(true);
    expect(versionAtLeast('1.9.8', '1.9.9')).toBe(false);
  });
});
