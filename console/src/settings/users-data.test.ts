import { describe, expect, it } from 'vitest';
import type { User } from '@wardwatch/shared';
import {
  parseAccess,
  parseNewUser,
  parsePassword,
  passwordLimits,
  sortUsers,
  userRefusal,
} from './users-data.js';

const draft = (
  over: Partial<Record<'username' | 'role' | 'wardId' | 'password', string>> = {},
) => ({
  username: 'canbo-lhp',
  role: 'officer',
  wardId: 'le-hong-phong',
  password: 'mat-khau-10',
  ...over,
});

describe('parseNewUser', () => {
  it('builds the create request; an officer keeps the ward, others get none', () => {
    expect(parseNewUser(draft({ username: '  canbo-lhp ' }))).toEqual({
      body: {
        username: 'canbo-lhp',
        role: 'officer',
        wardId: 'le-hong-phong',
        password: 'mat-khau-10',
      },
    });
    expect(parseNewUser(draft({ role: 'viewer' }))).toEqual({
      body: { username: 'canbo-lhp', role: 'viewer', wardId: null, password: 'mat-khau-10' },
    });
    expect(parseNewUser(draft({ role: 'admin', wardId: '' }))).toHaveProperty('body.wardId', null);
  });

  it.each([
    [{ username: '' }, 'username'],
    [{ username: '   ' }, 'username'],
    [{ username: 'cán-bộ' }, 'username'],
    [{ username: 'a b' }, 'username'],
    [{ username: 'x'.repeat(65) }, 'username'],
    [{ role: 'root' }, 'role'],
    [{ wardId: '' }, 'ward'],
    [{ wardId: '  ' }, 'ward'],
    [{ password: 'short' }, 'password'],
    [{ password: 'x'.repeat(257) }, 'password'],
    // Form order: the username is reported before the ward and the password.
    [{ username: '', wardId: '', password: '' }, 'username'],
    [{ wardId: '', password: '' }, 'ward'],
  ])('%o → problem %s', (over, kind) => {
    const parsed = parseNewUser(draft(over));
    expect(parsed).toHaveProperty('problem.kind', kind);
  });

  it('accepts the schema pattern and bounds exactly', () => {
    expect(parseNewUser(draft({ username: 'A.b_c-9' }))).toHaveProperty('body');
    expect(parseNewUser(draft({ username: 'x'.repeat(64) }))).toHaveProperty('body');
  });
});

describe('parsePassword', () => {
  it('takes its bounds from the shared schema and never trims', () => {
    expect(passwordLimits()).toEqual({ min: 10, max: 256 });
    expect(parsePassword('x'.repeat(10))).toEqual({ password: 'x'.repeat(10) });
    expect(parsePassword(' 123456789 ')).toEqual({ password: ' 123456789 ' });
    expect(parsePassword('x'.repeat(9))).toEqual({
      problem: { kind: 'password', field: 'password', min: 10, max: 256 },
    });
    expect(parsePassword('x'.repeat(256))).toHaveProperty('password');
  });
});

describe('parseAccess', () => {
  it.each([
    [
      { role: 'officer', wardId: 'tinh-an' },
      { role: 'officer', wardId: 'tinh-an' },
    ],
    [
      { role: 'viewer', wardId: 'tinh-an' },
      { role: 'viewer', wardId: null },
    ],
    [
      { role: 'admin', wardId: '' },
      { role: 'admin', wardId: null },
    ],
    [{ role: 'officer', wardId: '' }, { problem: { kind: 'ward', field: 'wardId' } }],
    [{ role: '', wardId: '' }, { problem: { kind: 'role', field: 'role' } }],
  ])('%o → %o', (input, expected) => {
    expect(parseAccess(input)).toEqual(expected);
  });
});

describe('userRefusal', () => {
  it.each([
    ['create', 409, 'exists'],
    ['create', 404, 'wardGone'],
    ['create', 400, null],
    ['create', 403, null],
    ['access', 409, 'lastAdmin'],
    ['access', 404, 'gone'],
    ['password', 404, 'gone'],
    ['delete', 409, 'lastAdmin'],
    ['delete', 404, 'gone'],
    ['delete', 500, null],
  ] as const)('%s %i → %s', (action, status, expected) => {
    expect(userRefusal(action, status)).toBe(expected);
  });
});

describe('sortUsers', () => {
  it('lists administrators, then leadership, then officers, by username', () => {
    const u = (username: string, role: User['role']): User => ({
      username,
      role,
      wardId: role === 'officer' ? 'w' : null,
      createdAt: 0,
    });
    const sorted = sortUsers([
      u('canbo-b', 'officer'),
      u('lanhdao', 'viewer'),
      u('canbo-a', 'officer'),
      u('it2', 'admin'),
      u('admin', 'admin'),
    ]);
    expect(sorted.map((x) => x.username)).toEqual([
      'admin',
      'it2',
      'lanhdao',
      'canbo-a',
      'canbo-b',
    ]);
  });
});
