import { describe, expect, it } from 'vitest';
import { slugifyTargetId } from './create-target.js';

describe('slugifyTargetId', () => {
  it.each([
    ['VNeID', 'vneid'],
    ['CSDLQG về dân cư (cổng kết nối)', 'csdlqg-ve-dan-cu-cong-ket-noi'],
    ['Đường truyền xã', 'duong-truyen-xa'],
    ['!!!', 'target'],
  ])('%s → %s', (name, id) => {
    expect(slugifyTargetId(name)).toBe(id);
    expect(id).toMatch(/^[a-z0-9][a-z0-9_-]{0,63}$/);
  });
});
