import Type, { type Static } from 'typebox';

/** Every HTTP error body (DESIGN §5). */
export const ApiErrorSchema = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
});
export type ApiError = Static<typeof ApiErrorSchema>;

export const WardIdSchema = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' });
export const RoleSchema = Type.Union([
  Type.Literal('admin'),
  Type.Literal('officer'),
  Type.Literal('viewer'),
]);
export type Role = Static<typeof RoleSchema>;

/** Query-string epoch milliseconds (querystrings arrive as text; Fastify coerces). */
export const QueryEpochMs = Type.Integer({ minimum: 0 });
