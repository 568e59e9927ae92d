import Type, { type Static } from 'typebox';
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

/** Server → console messages on `/ws/console`. */
export const ConsoleMessageSchema = Type.Union([ConsoleSnapshotSchema, ConsoleStationSchema]);
export type ConsoleMessage = Static<typeof ConsoleMessageSchema>;
