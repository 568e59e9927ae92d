import { describe, expect, it } from 'vitest';
import type { Target } from '@wardwatch/shared';
import { applyTargetPatch, wardsToNotify } from './update-target.js';

const tcp: Target = {
  id: 'dvc',
  name: 'Cổng DVC',
  probe: 'tcp',
  host: '10.0.0.1',
  port: 443,
  intervalMs: 10_000,
  timeoutMs: 2_000,
  wardId: 'tran-phu',
};

describe('applyTargetPatch', () => {
  it('keeps left-out fields and sets given ones', () => {
    expect(applyTargetPatch(tcp, { host: '10.0.0.2', intervalMs: 30_000 })).toEqual({
      ...tcp,
      host: '10.0.0.2',
      intervalMs: 30_000,
    });
  });

  it('clears optional fields set to null (no key left behind)', () => {
    const out = applyTargetPatch(tcp, { wardId: null, timeoutMs: null });
    expect(out).toEqual({
      id: 'dvc',
      name: 'Cổng DVC',
      probe: 'tcp',
      host: '10.0.0.1',
      port: 443,
      intervalMs: 10_000,
    });
    expect(Object.keys(out)).not.toContain('wardId');
  });

  it('never changes the id', () => {
    expect(applyTargetPatch(tcp, { name: 'x' }).id).toBe('dvc');
  });
});

describe('wardsToNotify', () => {
  it.each([
    ['tran-phu', 'tran-phu', ['tran-phu']],
    ['tran-phu', 'tinh-an', ['tran-phu', 'tinh-an']],
    [undefined, 'tinh-an', [null]],
    ['tran-phu', undefined, [null]],
    [undefined, undefined, [null]],
  ] as const)('%s → %s notifies %j', (before, after, wards) => {
    expect(wardsToNotify(before, after)).toEqual(wards);
  });
});
