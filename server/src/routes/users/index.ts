import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  PasswordBodySchema,
  UserCreateSchema,
  UserListSchema,
  UserPatchSchema,
  UserSchema,
  UsernameParamsSchema,
} from '@wardwatch/shared';
import { createUser, deleteUser, listUsers, updateUser } from '../../services/users/users.js';
import type { RouteDeps } from '../deps.js';

/** Console users (admin only); every change is audited and ends the user's sessions. */
const userRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.get('/api/v1/users', { schema: { response: { 200: UserListSchema } } }, async (req) => ({
    items: await listUsers({ ctx: deps.ctxFor(req), input: undefined }),
  }));
  app.post(
    '/api/v1/users',
    { schema: { body: UserCreateSchema, response: { 201: UserSchema } } },
    async (req, reply) => {
      reply.code(201);
      return await createUser({ ctx: deps.ctxFor(req), input: req.body });
    },
  );
  app.patch(
    '/api/v1/users/:username',
    {
      schema: {
        params: UsernameParamsSchema,
        body: UserPatchSchema,
        response: { 200: UserSchema },
      },
    },
    async (req) =>
      await updateUser({
        ctx: deps.ctxFor(req),
        input: { username: req.params.username, patch: req.body },
      }),
  );
  app.post(
    '/api/v1/users/:username/password',
    {
      schema: {
        params: UsernameParamsSchema,
        body: PasswordBodySchema,
        response: { 200: UserSchema },
      },
    },
    async (req) =>
      await updateUser({
        ctx: deps.ctxFor(req),
        input: { username: req.params.username, patch: { password: req.body.password } },
      }),
  );
  app.delete(
    '/api/v1/users/:username',
    { schema: { params: UsernameParamsSchema } },
    async (req, reply) => {
      await deleteUser({ ctx: deps.ctxFor(req), input: { username: req.params.username } });
      return reply.code(204).send();
    },
  );
};
export default userRoutes;
