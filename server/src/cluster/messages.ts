import Type, { type Static } from 'typebox';
import { IncidentChangeSchema, compileValidator } from '@wardwatch/shared';

const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

/** The store's StationRow, as carried between instances (the receiver adds `online`). */
const StationRowSchema = Type.Object({
  id: Type.String(),
  wardId: Type.String(),
  hostname: Type.String(),
  lastSeenAt: NullableNumber,
  lastRttMs: NullableNumber,
  lastProbeOk: Type.Union([Type.Boolean(), Type.Null()]),
});

export const PresenceEntrySchema = Type.Object({
  stationId: Type.String(),
  wardId: Type.String(),
  online: Type.Boolean(),
  /** Server time of the last frame from the agent on the announcing instance. */
  lastContactAt: Type.Number(),
});
export type PresenceEntry = Static<typeof PresenceEntrySchema>;

/** What one instance tells the others (DESIGN §8, docs/architecture.md "Several instances"). */
export const ClusterEventSchema = Type.Union([
  /** Stations whose row changed here (coalesced per console flush). */
  Type.Object({ type: Type.Literal('stations'), rows: Type.Array(StationRowSchema) }),
  /** An incident changed; receivers load it by id (rows can exceed a NOTIFY payload). */
  Type.Object({
    type: Type.Literal('incident'),
    change: IncidentChangeSchema,
    id: Type.Integer(),
  }),
  /** Agents connected to or gone from the sender; re-sent periodically while online. */
  Type.Object({ type: Type.Literal('presence'), stations: Type.Array(PresenceEntrySchema) }),
  /** The sender just started: every instance re-announces its stations now, not in 5 s. */
  Type.Object({ type: Type.Literal('presence_query') }),
  /** Targets of a ward (null: global) changed: every instance pushes config to its agents. */
  Type.Object({ type: Type.Literal('targets'), wardId: Type.Union([Type.String(), Type.Null()]) }),
  /** Close this station's connection wherever it is (credential revoked or rotated). */
  Type.Object({
    type: Type.Literal('disconnect'),
    stationId: Type.String(),
    reason: Type.String(),
  }),
  /** Thresholds, maintenance windows or the calendar changed: the leader reloads. */
  Type.Object({ type: Type.Literal('detector_settings') }),
  /** A ward's (null: every ward's) agent config changed: every instance pushes it. */
  Type.Object({
    type: Type.Literal('agent_config'),
    wardId: Type.Union([Type.String(), Type.Null()]),
  }),
]);
export type ClusterEvent = Static<typeof ClusterEventSchema>;

export const ClusterMessageSchema = Type.Object({
  v: Type.Literal(1),
  /** The sending instance: an instance ignores its own echoes. */
  from: Type.String(),
  event: ClusterEventSchema,
});
export type ClusterMessage = Static<typeof ClusterMessageSchema>;

export const clusterMessageValidator = compileValidator(ClusterMessageSchema);
