import Type, { type Static, type TSchema } from 'typebox';
import { OfficeCalendarSchema } from '../domain/detector/calendar.js';
import { MaintenanceWindowSchema, RecurrenceSchema } from '../domain/detector/maintenance.js';
import { DetectorPolicySchema, DetectorSettingsSchema } from '../domain/detector/policy.js';
import { IncidentKindSchema, IncidentSchema, SeveritySchema } from '../protocol/incident.js';
import { EpochMs } from '../protocol/records.js';
import { QueryEpochMs } from './common.js';

const closed = { additionalProperties: false } as const;
const IdParam = Type.Object({ id: Type.Integer({ minimum: 1 }) }, closed);
export const IdParamsSchema = IdParam;

/** `GET /api/v1/incidents`: incidents overlapping [from, to), newest first, paged by `next`. */
export const IncidentsQuerySchema = Type.Object(
  {
    from: Type.Optional(QueryEpochMs),
    to: Type.Optional(QueryEpochMs),
    ward: Type.Optional(Type.String({ maxLength: 64 })),
    kind: Type.Optional(IncidentKindSchema),
    open: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    cursor: Type.Optional(Type.String({ maxLength: 128 })),
  },
  closed,
);
export type IncidentsQuery = Static<typeof IncidentsQuerySchema>;

export const IncidentListSchema = Type.Object({
  items: Type.Array(IncidentSchema),
  next: Type.Optional(Type.String()),
});
export type IncidentList = Static<typeof IncidentListSchema>;

export const TimelineEntrySchema = Type.Object({
  at: EpochMs,
  type: Type.String(),
  username: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Union([Type.String(), Type.Null()]),
});
export type TimelineEntry = Static<typeof TimelineEntrySchema>;

export const IncidentDetailSchema = Type.Object({
  incident: IncidentSchema,
  timeline: Type.Array(TimelineEntrySchema),
});
export type IncidentDetail = Static<typeof IncidentDetailSchema>;

export const AckBodySchema = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 2000 })) },
  closed,
);
export const NoteBodySchema = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 2000 }) },
  closed,
);

export const MaintenanceCreateSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    startsAt: EpochMs,
    endsAt: EpochMs,
    recurrence: Type.Optional(RecurrenceSchema),
    until: Type.Optional(Type.Union([EpochMs, Type.Null()])),
    wardId: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    target: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  },
  closed,
);
export type MaintenanceCreate = Static<typeof MaintenanceCreateSchema>;
export const MaintenanceListSchema = Type.Object({ items: Type.Array(MaintenanceWindowSchema) });

export const CalendarSchema = OfficeCalendarSchema;

export const DetectorSettingsReplySchema = Type.Object({
  settings: DetectorSettingsSchema,
  /** The built-in defaults the settings override. */
  defaults: DetectorPolicySchema,
});
export type DetectorSettingsReply = Static<typeof DetectorSettingsReplySchema>;

const WebhookConfig = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2048 }),
    secret: Type.String({ minLength: 1, maxLength: 256 }),
  },
  closed,
);
const TelegramConfig = Type.Object(
  {
    /** Default https://api.telegram.org; tests point it at a local receiver. */
    baseUrl: Type.Optional(Type.String({ maxLength: 2048 })),
    botToken: Type.String({ minLength: 1, maxLength: 256 }),
    chatId: Type.String({ minLength: 1, maxLength: 64 }),
  },
  closed,
);
const EmailConfig = Type.Object(
  {
    host: Type.String({ minLength: 1, maxLength: 255 }),
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    from: Type.String({ minLength: 3, maxLength: 255 }),
    to: Type.Array(Type.String({ minLength: 3, maxLength: 255 }), { minItems: 1, maxItems: 50 }),
  },
  closed,
);
/** One create body per channel kind: the same fields, a kind-specific `config`. */
const channelCreate = <K extends string, C extends TSchema>(kind: K, config: C) =>
  Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 128 }),
      kind: Type.Literal(kind),
      config,
      enabled: Type.Optional(Type.Boolean()),
    },
    closed,
  );
export const ChannelCreateSchema = Type.Union([
  channelCreate('webhook', WebhookConfig),
  channelCreate('telegram', TelegramConfig),
  channelCreate('email', EmailConfig),
]);
export type ChannelCreate = Static<typeof ChannelCreateSchema>;
export type ChannelKind = ChannelCreate['kind'];

/** A channel as listed: secrets (webhook secret, bot token) are never sent back. */
export const ChannelSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('webhook'), Type.Literal('telegram'), Type.Literal('email')]),
  enabled: Type.Boolean(),
  config: Type.Record(Type.String(), Type.Unknown()),
});
export type Channel = Static<typeof ChannelSchema>;
export const ChannelListSchema = Type.Object({ items: Type.Array(ChannelSchema) });

export const RuleCreateSchema = Type.Object(
  {
    channelId: Type.Integer({ minimum: 1 }),
    wardIds: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 10_000 })),
    kinds: Type.Optional(Type.Array(IncidentKindSchema, { maxItems: 16 })),
    minSeverity: Type.Optional(SeveritySchema),
    onClose: Type.Optional(Type.Boolean()),
  },
  closed,
);
export type RuleCreate = Static<typeof RuleCreateSchema>;
export const RuleSchema = Type.Object({
  id: Type.Integer(),
  channelId: Type.Integer(),
  wardIds: Type.Array(Type.String()),
  kinds: Type.Array(IncidentKindSchema),
  minSeverity: SeveritySchema,
  onClose: Type.Boolean(),
});
export const RuleListSchema = Type.Object({ items: Type.Array(RuleSchema) });

export const DeliverySchema = Type.Object({
  id: Type.Integer(),
  channelId: Type.Integer(),
  createdAt: EpochMs,
  status: Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Union([EpochMs, Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  sentAt: Type.Union([EpochMs, Type.Null()]),
  subject: Type.String(),
  incidentIds: Type.Array(Type.Integer()),
});
export type Delivery = Static<typeof DeliverySchema>;
export const DeliveryListSchema = Type.Object({ items: Type.Array(DeliverySchema) });
export const DeliveryQuerySchema = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
  closed,
);
