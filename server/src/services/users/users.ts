import type { Role, User, UserCreate, UserPatch } from '@wardwatch/shared';
import { Conflict, Invalid, NotFound } from '../../errors.js';
import { hashPassword } from '../../security.js';
import { audit, requireAdmin } from '../authz.js';
import type { ServiceCall, ServiceContext } from '../context.js';

/** Officers belong to exactly one existing ward; admins and viewers to none. */
async function checkWard(ctx: ServiceContext, role: Role, wardId: string | null): Promise<void> {
  if (role === 'officer') {
    if (!wardId) throw Invalid('an officer needs a wardId');
    if (!(await ctx.store.getWard(wardId))) throw NotFound(`no ward ${wardId}`);
  } else if (wardId) {
    throw Invalid(`role ${role} takes no wardId`);
  }
}

export async function listUsers({ ctx }: ServiceCall<void>): Promise<User[]> {
  requireAdmin(ctx);
  return await ctx.store.listUsers();
}

export async function createUser({ ctx, input }: ServiceCall<UserCreate>): Promise<User> {
  requireAdmin(ctx);
  const wardId = input.wardId ?? null;
  await checkWard(ctx, input.role, wardId);
  if (await ctx.store.getUser(input.username)) throw Conflict(`user ${input.username} exists`);
  const passwordHash = await hashPassword(input.password);
  // Re-checked after the await: another request may have created it meanwhile.
  if (await ctx.store.getUser(input.username)) throw Conflict(`user ${input.username} exists`);
  const createdAt = ctx.clock.now();
  await ctx.store.createUser({
    username: input.username,
    passwordHash,
    role: input.role,
    wardId,
    createdAt,
  });
  await audit(ctx, 'user.create', { username: input.username, role: input.role, wardId });
  return { username: input.username, role: input.role, wardId, createdAt };
}

export async function updateUser({
  ctx,
  input,
}: ServiceCall<{ username: string; patch: UserPatch }>): Promise<User> {
  const actor = requireAdmin(ctx);
  const current = await ctx.store.getUser(input.username);
  if (!current) throw NotFound(`no user ${input.username}`);
  const { patch } = input;
  const role = patch.role ?? current.role;
  const wardId =
    patch.wardId !== undefined ? patch.wardId : role === 'officer' ? current.wardId : null;
  await checkWard(ctx, role, wardId);
  if (current.role === 'admin' && role !== 'admin' && (await ctx.store.countAdmins()) <= 1) {
    throw Conflict('cannot demote the last admin');
  }
  const passwordHash =
    patch.password !== undefined ? await hashPassword(patch.password) : undefined;
  await ctx.store.updateUser(input.username, {
    role,
    wardId,
    ...(passwordHash !== undefined && { passwordHash }),
  });
  // Rights or password changed: existing sessions must not keep the old ones.
  const ended = await ctx.store.deleteUserSessions(input.username);
  ctx.events.sessionsEnded?.();
  await audit(ctx, patch.password !== undefined ? 'user.update_password' : 'user.update', {
    username: input.username,
    role,
    wardId,
    sessionsEnded: ended,
    self: actor.username === input.username,
  });
  const row = (await ctx.store.listUsers()).find((u) => u.username === input.username);
  if (!row) throw NotFound(`no user ${input.username}`);
  return row;
}

export async function deleteUser({ ctx, input }: ServiceCall<{ username: string }>): Promise<void> {
  const actor = requireAdmin(ctx);
  const current = await ctx.store.getUser(input.username);
  if (!current) throw NotFound(`no user ${input.username}`);
  if (actor.username === input.username) throw Conflict('cannot delete yourself');
  if (current.role === 'admin' && (await ctx.store.countAdmins()) <= 1) {
    throw Conflict('cannot delete the last admin');
  }
  await ctx.store.deleteUserSessions(input.username);
  ctx.events.sessionsEnded?.();
  await ctx.store.deleteUser(input.username);
  await audit(ctx, 'user.delete', { username: input.username });
}
