import Type, { type Static } from 'typebox';

// Epoch milliseconds; integers so that every store keeps them exactly.
export const EpochMs = Type.Integer({ minimum: 0 });
const Id = Type.String({ minLength: 1, maxLength: 64 });
const ShortText = Type.String({ maxLength: 256 });
const NonNegative = Type.Number({ minimum: 0 });
const closed = { additionalProperties: false } as const;

export const ProbeKindSchema = Type.Union([
  Type.Literal('icmp'),
  Type.Literal('tcp'),
  Type.Literal('http'),
  Type.Literal('dns'),
  Type.Literal('session'),
]);
export type ProbeKind = Static<typeof ProbeKindSchema>;

export const RttStatsSchema = Type.Object(
  { min: NonNegative, avg: NonNegative, max: NonNegative, mdev: NonNegative },
  closed,
);
export type RttStats = Static<typeof RttStatsSchema>;

export const ProbeRecordSchema = Type.Object(
  {
    kind: Type.Literal('probe'),
    at: EpochMs,
    target: Id,
    probe: ProbeKindSchema,
    ok: Type.Boolean(),
    rttMs: Type.Optional(RttStatsSchema),
    sent: Type.Optional(Type.Integer({ minimum: 0 })),
    received: Type.Optional(Type.Integer({ minimum: 0 })),
    lossPct: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
    timings: Type.Optional(
      Type.Object(
        {
          dnsMs: Type.Optional(NonNegative),
          connectMs: Type.Optional(NonNegative),
          tlsMs: Type.Optional(NonNegative),
          firstByteMs: Type.Optional(NonNegative),
        },
        closed,
      ),
    ),
    certDaysLeft: Type.Optional(Type.Number()),
    error: Type.Optional(ShortText),
  },
  closed,
);
export type ProbeRecord = Static<typeof ProbeRecordSchema>;

export const SysRecordSchema = Type.Object(
  {
    kind: Type.Literal('sys'),
    at: EpochMs,
    cpuPct: Type.Number({ minimum: 0, maximum: 100 }),
    memUsedBytes: NonNegative,
    memTotalBytes: NonNegative,
    disks: Type.Array(
      Type.Object({ mount: ShortText, usedBytes: NonNegative, sizeBytes: NonNegative }, closed),
      { maxItems: 64 },
    ),
    uptimeSec: NonNegative,
    load1: Type.Optional(NonNegative),
  },
  closed,
);
export type SysRecord = Static<typeof SysRecordSchema>;

export const InterfaceSchema = Type.Object(
  {
    name: ShortText,
    up: Type.Boolean(),
    addrs: Type.Array(ShortText, { maxItems: 64 }),
    isTunnel: Type.Boolean(),
  },
  closed,
);
export const IfaceRecordSchema = Type.Object(
  {
    kind: Type.Literal('iface'),
    at: EpochMs,
    interfaces: Type.Array(InterfaceSchema, { maxItems: 128 }),
    gateway: Type.Optional(ShortText),
  },
  closed,
);
export type IfaceRecord = Static<typeof IfaceRecordSchema>;

export const PeripheralCategorySchema = Type.Union([
  Type.Literal('fingerprint'),
  Type.Literal('scanner'),
  Type.Literal('card_reader'),
  Type.Literal('printer'),
  Type.Literal('camera'),
  Type.Literal('other'),
]);
export type PeripheralCategory = Static<typeof PeripheralCategorySchema>;

const UsbId = Type.String({ pattern: '^[0-9a-f]{4}$' });
export const DeviceSchema = Type.Object(
  {
    vid: UsbId,
    pid: UsbId,
    vendor: ShortText,
    product: ShortText,
    serial: Type.Optional(ShortText),
    category: PeripheralCategorySchema,
  },
  closed,
);
export type Device = Static<typeof DeviceSchema>;

export const PeripheralsRecordSchema = Type.Object(
  {
    kind: Type.Literal('peripherals'),
    at: EpochMs,
    devices: Type.Array(DeviceSchema, { maxItems: 256 }),
  },
  closed,
);
export type PeripheralsRecord = Static<typeof PeripheralsRecordSchema>;

export const SessionCauseSchema = Type.Union([
  Type.Literal('reset'),
  Type.Literal('timeout'),
  Type.Literal('iface_down'),
  Type.Literal('server_close'),
  Type.Literal('error'),
]);
export type SessionCause = Static<typeof SessionCauseSchema>;

export const SessionRecordSchema = Type.Object(
  {
    kind: Type.Literal('session'),
    at: EpochMs,
    session: Type.Union([Type.Literal('server'), Type.Literal('service')]),
    target: Type.Optional(Id),
    startedAt: EpochMs,
    endedAt: EpochMs,
    cause: SessionCauseSchema,
    reconnectMs: Type.Optional(NonNegative),
  },
  closed,
);
export type SessionRecord = Static<typeof SessionRecordSchema>;

export const EventRecordSchema = Type.Object(
  {
    kind: Type.Literal('event'),
    at: EpochMs,
    name: Type.String({ minLength: 1, maxLength: 64 }),
    // Free text or a JSON document (e.g. the static inventory); bounded so one record stays small.
    detail: Type.Optional(Type.String({ maxLength: 16384 })),
  },
  closed,
);
export type EventRecord = Static<typeof EventRecordSchema>;

export const RecordSchema = Type.Union([
  ProbeRecordSchema,
  SysRecordSchema,
  IfaceRecordSchema,
  PeripheralsRecordSchema,
  SessionRecordSchema,
  EventRecordSchema,
]);
export type AgentRecord = Static<typeof RecordSchema>;
export type RecordKind = AgentRecord['kind'];
export const RECORD_KINDS = ['probe', 'sys', 'iface', 'peripherals', 'session', 'event'] as const;
