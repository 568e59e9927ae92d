import { describe, expect, it } from 'vitest';
import { targetCreateFromForm, targetPatchFromForm } from './target-form.js';

describe('targetCreateFromForm', () => {
  it('leaves out empty fields and converts seconds', () => {
    expect(
      targetCreateFromForm({
        name: 'VNeID',
        probe: 'http',
        host: '',
        port: '',
        url: 'https://vneid/',
        interval: '30',
        wardId: '',
      }),
    ).toEqual({ name: 'VNeID', probe: 'http', url: 'https://vneid/', intervalMs: 30_000 });
  });

  it('falls back to tcp for an unknown probe', () => {
    expect(targetCreateFromForm({ name: 'x', probe: 'smtp' }).probe).toBe('tcp');
  });
});

describe('targetPatchFromForm', () => {
  it('sends emptied fields as null so the server clears them', () => {
    expect(
      targetPatchFromForm({
        name: 'Cổng DVC',
        probe: 'tcp',
        host: '10.0.0.2',
        port: '8443',
        url: '',
        interval: '1.5',
        wardId: '',
      }),
    ).toEqual({
      name: 'Cổng DVC',
      probe: 'tcp',
      host: '10.0.0.2',
      port: 8443,
      url: null,
      intervalMs: 1500,
      wardId: null,
    });
  });

  it('keeps a ward and leaves the interval alone when it is empty', () => {
    const patch = targetPatchFromForm({
      name: 'GW',
      probe: 'icmp',
      host: 'gw',
      wardId: 'tran-phu',
      interval: '',
    });
    expect(patch).toMatchObject({ wardId: 'tran-phu', port: null });
    expect(patch).not.toHaveProperty('intervalMs');
  });
});
