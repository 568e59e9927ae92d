import {
  PasswordSchema,
  UsernameSchema,
  type Role,
  type User,
  type UserCreate,
} from '@wardwatch/shared';

/** In the order the form offers them: most accounts are ward officers. */
export const USER_ROLES = ['officer', 'viewer', 'admin'] as const satisfies readonly Role[];

/** What the "new account" form holds, as typed. */
export interface UserDraft {
  username: string;
  role: string;
  wardId: string;
  password: string;
}

/** A role and ward as the "role and ward" form holds them. */
export interface AccessDraft {
  role: string;
  wardId: string;
}

/** What is wrong with a draft, in terms the form can word and point at (`field` = input name). */
export type UserProblem =
  | { kind: 'username'; field: 'username' }
  | { kind: 'role'; field: 'role' }
  | { kind: 'ward'; field: 'wardId' }
  | { kind: 'password'; field: 'password'; min: number; max: number };

/** The shared schema's password bounds (it is the one truth; TypeBox keeps them off the type). */
export function passwordLimits(): { min: number; max: number } {
  const schema: { type: string; minLength?: unknown; maxLength?: unknown } = PasswordSchema;
  if (typeof schema.minLength !== 'number' || typeof schema.maxLength !== 'number') {
    throw new Error('PasswordSchema has no length bounds');
  }
  return { min: schema.minLength, max: schema.maxLength };
}

/** The shared schema's username pattern. */
function usernamePattern(): RegExp {
  const schema: { type: string; pattern?: unknown } = UsernameSchema;
  if (typeof schema.pattern !== 'string') throw new Error('UsernameSchema has no pattern');
  return new RegExp(schema.pattern);
}
const USERNAME = usernamePattern();

export function parseRole(text: string): Role | null {
  return USER_ROLES.find((r) => r === text) ?? null;
}

/** A password as typed (never trimmed: spaces count), or its problem. */
export function parsePassword(text: string): { password: string } | { problem: UserProblem } {
  const { min, max } = passwordLimits();
  return text.length >= min && text.length <= max
    ? { password: text }
    : { problem: { kind: 'password', field: 'password', min, max } };
}

/** A role and the ward it needs: officers exactly one, admins and viewers none. */
export function parseAccess(
  draft: AccessDraft,
): { role: Role; wardId: string | null } | { problem: UserProblem } {
  const role = parseRole(draft.role);
  if (!role) return { problem: { kind: 'role', field: 'role' } };
  if (role !== 'officer') return { role, wardId: null };
  const wardId = draft.wardId.trim();
  return wardId ? { role, wardId } : { problem: { kind: 'ward', field: 'wardId' } };
}

/** The create request a draft describes, or its first problem in form order. */
export function parseNewUser(draft: UserDraft): { body: UserCreate } | { problem: UserProblem } {
  const username = draft.username.trim();
  if (!USERNAME.test(username)) return { problem: { kind: 'username', field: 'username' } };
  const access = parseAccess(draft);
  if ('problem' in access) return access;
  const password = parsePassword(draft.password);
  if ('problem' in password) return password;
  return {
    body: { username, role: access.role, wardId: access.wardId, password: password.password },
  };
}

export type UserAction = 'create' | 'access' | 'password' | 'delete';
export type UserRefusal = 'exists' | 'wardGone' | 'gone' | 'lastAdmin';

/**
 * What a refusal of the users API means, where the action and status tell it without
 * reading the server's English message (server/src/services/users/users.ts): creating, 409 is
 * a taken username and 404 a missing ward; changing, 409 is the last admin and 404 a user (or
 * ward) that is gone. Anything else is shown with the server's own message.
 */
export function userRefusal(action: UserAction, status: number): UserRefusal | null {
  if (action === 'create') return status === 409 ? 'exists' : status === 404 ? 'wardGone' : null;
  if (status === 409) return 'lastAdmin';
  if (status === 404) return 'gone';
  return null;
}

/** Administrators first, then leadership, then officers; by username within a role. */
export function sortUsers(users: readonly User[]): User[] {
  const rank: Record<Role, number> = { admin: 0, viewer: 1, officer: 2 };
  return [...users].sort(
    (a, b) => rank[a.role] - rank[b.role] || a.username.localeCompare(b.username),
  );
}
