import Type, { type Static } from 'typebox';
import { EpochMs } from '../protocol/records.js';
import { RoleSchema, WardIdSchema } from './common.js';

const closed = { additionalProperties: false } as const;

export const UsernameSchema = Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' });
/** At least 10 characters: these accounts see every ward's data. */
export const PasswordSchema = Type.String({ minLength: 10, maxLength: 256 });

export const UserSchema = Type.Object({
  username: Type.String(),
  role: RoleSchema,
  wardId: Type.Union([Type.String(), Type.Null()]),
  createdAt: EpochMs,
});
export type User = Static<typeof UserSchema>;
export const UserListSchema = Type.Object({ items: Type.Array(UserSchema) });

/** An officer needs `wardId`; admins and viewers must not have one. */
export const UserCreateSchema = Type.Object(
  {
    username: UsernameSchema,
    password: PasswordSchema,
    role: RoleSchema,
    wardId: Type.Optional(Type.Union([WardIdSchema, Type.Null()])),
  },
  closed,
);
export type UserCreate = Static<typeof UserCreateSchema>;

export const UserPatchSchema = Type.Object(
  {
    role: Type.Optional(RoleSchema),
    wardId: Type.Optional(Type.Union([WardIdSchema, Type.Null()])),
    password: Type.Optional(PasswordSchema),
  },
  closed,
);
export type UserPatch = Static<typeof UserPatchSchema>;

export const PasswordBodySchema = Type.Object({ password: PasswordSchema }, closed);
export const UsernameParamsSchema = Type.Object({ username: UsernameSchema }, closed);
export const StationParamsSchema = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }) },
  closed,
);

export const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  at: EpochMs,
  username: Type.String(),
  action: Type.String(),
  detail: Type.String(),
});
export type AuditItem = Static<typeof AuditEntrySchema>;
export const AuditQuerySchema = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    /** Entries with an id below this one (the previous page's `next`). */
    before: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  closed,
);
export const AuditListSchema = Type.Object({
  items: Type.Array(AuditEntrySchema),
  next: Type.Optional(Type.Integer()),
});

/** `POST /stations/:id/revoke`. */
export const StationRevokeReplySchema = Type.Object({
  stationId: Type.String(),
  revokedAt: EpochMs,
  /** Open agent connections closed by the revoke. */
  disconnected: Type.Integer({ minimum: 0 }),
});
/** `POST /stations/:id/rotate`: a new credential (shown once); the old one stops working. */
export const StationRotateReplySchema = Type.Object({
  stationId: Type.String(),
  credential: Type.String(),
  disconnected: Type.Integer({ minimum: 0 }),
});
export type StationRotateReply = Static<typeof StationRotateReplySchema>;
