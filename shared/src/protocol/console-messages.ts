import Type, { type Static } from 'typebox';
import { IncidentChangeSchema, IncidentSchema } from './incident.js';
import { EpochMs } from './records.js';

/** A station as the console shows it; `GET /api/v1/stations` lists the same shape. */
export const StationViewSchema = Type.Object(
  {
    id: Type.String(),
    wardId: Type.String(),
    hostname: Type.String(),
    online: Type.Boolean(),
    lastSeenAt: Type.Union([EpochMs, Type.Null()]),
    /** Average RTT of the latest successful probe round, over any target. */
    lastRttMs: Type.Union([Type.Number(), Type.Null()]),
    lastProbeOk: Type.Union([Type.Boolean(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type StationView = Static<typeof StationViewSchema>;

export const ConsoleSnapshotSchema = Type.Object(
  {
    v: Type.Literal(1),
    type: Type.Literal('snapshot'),
    serverTime: EpochMs,
    stations: Type.Array(StationViewSchema),
    /** Incidents open now that this console may see (absent from servers without a detector). */
    openIncidents: Type.Optional(Type.Array(IncidentSchema)),
  },
  { additionalProperties: false },
);

export const ConsoleStationSchema = Type.Object(
  {
    v: Type.Literal(1),
    type: Type.Literal('station'),
    serverTime: EpochMs,
    station: StationViewSchema,
  },
  { additionalProperties: false },
);

/** An incident opened, closed, changed attribution, was acknowledged or retracted. */
export const ConsoleIncidentSchema = Type.Object(
  {
    v: Type.Literal(1),
    type: Type.Literal('incident'),
    serverTime: EpochMs,
    change: IncidentChangeSchema,
    incident: IncidentSchema,
  },
  { additionalProperties: false },
);

export type ConsoleIncidentMessage = Static<typeof ConsoleIncidentSchema>;

/** Server → console messages on `/ws/console` (station state). */
export const ConsoleMessageSchema = Type.Union([ConsoleSnapshotSchema, ConsoleStationSchema]);
export type ConsoleMessage = Static<typeof ConsoleMessageSchema>;

/**
 * Everything the server may send on `/ws/console`: station state plus incident changes.
 * (Kept apart from `ConsoleMessage` so exhaustive switches over station messages still hold.)
 */
export const ConsoleLiveMessageSchema = Type.Union([
  ConsoleSnapshotSchema,
  ConsoleStationSchema,
  ConsoleIncidentSchema,
]);
export type ConsoleLiveMessage = Static<typeof ConsoleLiveMessageSchema>;
