import Type, { type Static } from 'typebox';
import { EpochMs } from './records.js';
import { TargetSchema } from './target.js';

const V = Type.Literal(1);

const Required = Type.Integer({ minimum: 0 });
/**
 * How many of each a ward must have (DESIGN §4): the detector's `equipment` thresholds, and
 * what `welcome` tells the agent so `wardwatch-agent status` shows the same requirement.
 */
export const EquipmentRequirementSchema = Type.Object(
  { workstation: Required, fingerprint: Required, scanner: Required, card_reader: Required },
  { additionalProperties: false },
);
export type EquipmentRequirement = Static<typeof EquipmentRequirementSchema>;

/** Settings the server pushes to an agent; the agent caches the last one it got. */
export const AgentConfigSchema = Type.Object(
  {
    targets: Type.Array(TargetSchema, { maxItems: 256 }),
    sysIntervalMs: Type.Optional(Type.Integer({ minimum: 1000 })),
    heartbeatMs: Type.Optional(Type.Integer({ minimum: 1000 })),
    /**
     * The ward's resolved equipment requirement. Sent only to agents that accept it
     * (`agentTakesEquipment`): older agents reject unknown fields.
     */
    equipment: Type.Optional(EquipmentRequirementSchema),
  },
  { additionalProperties: false },
);
export type AgentConfig = Static<typeof AgentConfigSchema>;

/**
 * Sent after a valid `hello`, and again whenever the agent's config changes; a repeated
 * `welcome` only updates config and acknowledges up to `ackedSeq`.
 */
export const WelcomeSchema = Type.Object(
  {
    v: V,
    type: Type.Literal('welcome'),
    serverTime: EpochMs,
    ackedSeq: Type.Integer({ minimum: 0 }),
    config: AgentConfigSchema,
  },
  { additionalProperties: false },
);
export type Welcome = Static<typeof WelcomeSchema>;

export const AckSchema = Type.Object(
  { v: V, type: Type.Literal('ack'), seq: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type Ack = Static<typeof AckSchema>;

export const ProtocolErrorCodeSchema = Type.Union([
  Type.Literal('bad_json'),
  Type.Literal('invalid_message'),
  Type.Literal('frame_too_large'),
  Type.Literal('unauthorized'),
  Type.Literal('hello_required'),
  Type.Literal('station_mismatch'),
  Type.Literal('rate_limited'),
  Type.Literal('internal'),
]);
export type ProtocolErrorCode = Static<typeof ProtocolErrorCodeSchema>;

export const ErrorMessageSchema = Type.Object(
  {
    v: V,
    type: Type.Literal('error'),
    code: ProtocolErrorCodeSchema,
    message: Type.String({ maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type ErrorMessage = Static<typeof ErrorMessageSchema>;

export const ServerMessageSchema = Type.Union([WelcomeSchema, AckSchema, ErrorMessageSchema]);
export type ServerMessage = Static<typeof ServerMessageSchema>;
