import Type, { type Static, type TSchema } from 'typebox';
import { StationViewSchema } from '../protocol/console-messages.js';
import { EpochMs, ProbeKindSchema, RECORD_KINDS } from '../protocol/records.js';
import { TargetFields, TargetSchema } from '../protocol/target.js';
import { QueryEpochMs, RoleSchema, WardIdSchema } from './common.js';

const closed = { additionalProperties: false } as const;

export const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
  store: Type.String(),
  serverTime: EpochMs,
});
export type Health = Static<typeof HealthSchema>;

export const LoginBodySchema = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  closed,
);
export type LoginBody = Static<typeof LoginBodySchema>;

export const SessionUserSchema = Type.Object({
  username: Type.String(),
  role: RoleSchema,
  wardId: Type.Union([Type.String(), Type.Null()]),
});
export type SessionUser = Static<typeof SessionUserSchema>;

export const LoginReplySchema = Type.Object({ user: SessionUserSchema, csrfToken: Type.String() });
export type LoginReply = Static<typeof LoginReplySchema>;

export const WardSchema = Type.Object({
  id: WardIdSchema,
  name: Type.String({ minLength: 1, maxLength: 128 }),
  district: Type.Optional(Type.String({ maxLength: 128 })),
});
export type Ward = Static<typeof WardSchema>;
export const WardCreateSchema = Type.Object(
  {
    id: WardIdSchema,
    name: Type.String({ minLength: 1, maxLength: 128 }),
    district: Type.Optional(Type.String({ maxLength: 128 })),
  },
  closed,
);
/** A ward's new name or district (the id never changes); `district: null` clears it. */
export const WardPatchSchema = Type.Object(
  {
    name: Type.Optional(WardSchema.properties.name),
    district: Type.Optional(Type.Union([Type.String({ maxLength: 128 }), Type.Null()])),
  },
  { ...closed, minProperties: 1 },
);
export type WardPatch = Static<typeof WardPatchSchema>;
export const WardListSchema = Type.Object({ items: Type.Array(WardSchema) });

export const EnrollmentTokenBodySchema = Type.Object({ wardId: WardIdSchema }, closed);
export const EnrollmentTokenReplySchema = Type.Object({ token: Type.String(), expiresAt: EpochMs });
export type EnrollmentTokenReply = Static<typeof EnrollmentTokenReplySchema>;

export const EnrollBodySchema = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 256 }),
    hostname: Type.String({ minLength: 1, maxLength: 255 }),
  },
  closed,
);
export type EnrollBody = Static<typeof EnrollBodySchema>;
export const EnrollReplySchema = Type.Object({
  stationId: Type.String(),
  wardId: Type.String(),
  credential: Type.String(),
});
export type EnrollReply = Static<typeof EnrollReplySchema>;

export const StationListSchema = Type.Object({ items: Type.Array(StationViewSchema) });

export const TargetCreateSchema = Type.Object(
  {
    id: Type.Optional(TargetSchema.properties.id),
    name: TargetSchema.properties.name,
    probe: ProbeKindSchema,
    host: TargetSchema.properties.host,
    port: TargetSchema.properties.port,
    url: TargetSchema.properties.url,
    intervalMs: Type.Optional(TargetSchema.properties.intervalMs),
    timeoutMs: TargetSchema.properties.timeoutMs,
    wardId: Type.Optional(WardIdSchema),
  },
  closed,
);
export type TargetCreate = Static<typeof TargetCreateSchema>;
const nullable = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));
/** A partial edit: a field left out stays; `null` clears an optional one (wardId: every ward). */
export const TargetPatchSchema = Type.Object(
  {
    name: Type.Optional(TargetFields.name),
    probe: Type.Optional(ProbeKindSchema),
    host: nullable(TargetFields.host),
    port: nullable(TargetFields.port),
    url: nullable(TargetFields.url),
    intervalMs: Type.Optional(TargetFields.intervalMs),
    timeoutMs: nullable(TargetFields.timeoutMs),
    wardId: nullable(WardIdSchema),
  },
  { ...closed, minProperties: 1 },
);
export type TargetPatch = Static<typeof TargetPatchSchema>;
export const TargetIdParamsSchema = Type.Object({ id: Type.String({ maxLength: 64 }) }, closed);
export const TargetListSchema = Type.Object({ items: Type.Array(TargetSchema) });

export const RecordKindQuerySchema = Type.Union(RECORD_KINDS.map((k) => Type.Literal(k)));
export const RecordsQuerySchema = Type.Object(
  {
    station: Type.Optional(Type.String({ maxLength: 64 })),
    kind: Type.Optional(RecordKindQuerySchema),
    from: Type.Optional(QueryEpochMs),
    to: Type.Optional(QueryEpochMs),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
  },
  closed,
);
export type RecordsQuery = Static<typeof RecordsQuerySchema>;
/** Stored records: the agent's record plus `stationId` and the clock-corrected time `t`. */
export const StoredRecordSchema = Type.Object(
  { stationId: Type.String(), kind: Type.String(), at: EpochMs, t: EpochMs },
  { additionalProperties: true },
);
export const RecordListSchema = Type.Object({ items: Type.Array(StoredRecordSchema) });

export const SeriesMetricSchema = Type.Union([
  Type.Literal('rtt'),
  Type.Literal('loss'),
  Type.Literal('cpu'),
  Type.Literal('mem'),
]);
export type SeriesMetric = Static<typeof SeriesMetricSchema>;
export const SeriesQuerySchema = Type.Object(
  {
    station: Type.String({ minLength: 1, maxLength: 64 }),
    target: Type.Optional(Type.String({ maxLength: 64 })),
    metric: SeriesMetricSchema,
    from: Type.Optional(QueryEpochMs),
    to: Type.Optional(QueryEpochMs),
    step: Type.Optional(Type.Integer({ minimum: 1000, maximum: 86_400_000 })),
  },
  closed,
);
export type SeriesQuery = Static<typeof SeriesQuerySchema>;
export const SeriesPointSchema = Type.Object({
  t: EpochMs,
  avg: Type.Union([Type.Number(), Type.Null()]),
  min: Type.Union([Type.Number(), Type.Null()]),
  max: Type.Union([Type.Number(), Type.Null()]),
  count: Type.Integer({ minimum: 0 }),
});
export type SeriesPoint = Static<typeof SeriesPointSchema>;
export const SeriesReplySchema = Type.Object({
  station: Type.String(),
  target: Type.Union([Type.String(), Type.Null()]),
  metric: SeriesMetricSchema,
  from: EpochMs,
  to: EpochMs,
  step: Type.Integer(),
  points: Type.Array(SeriesPointSchema),
});
export type SeriesReply = Static<typeof SeriesReplySchema>;
