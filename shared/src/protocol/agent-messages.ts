import Type, { type Static } from 'typebox';
import { MAX_RECORDS_PER_BATCH } from './limits.js';
import { EpochMs, RecordSchema } from './records.js';

const V = Type.Literal(1);

export const HelloSchema = Type.Object(
  {
    v: V,
    type: Type.Literal('hello'),
    stationId: Type.String({ minLength: 1, maxLength: 64 }),
    agentVersion: Type.String({ minLength: 1, maxLength: 32 }),
    hostname: Type.String({ minLength: 1, maxLength: 255 }),
    os: Type.Object(
      {
        platform: Type.String({ maxLength: 32 }),
        release: Type.String({ maxLength: 128 }),
        arch: Type.String({ maxLength: 32 }),
      },
      { additionalProperties: false },
    ),
    sentAt: EpochMs,
    mono: Type.Number({ minimum: 0 }),
    lastSeq: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type Hello = Static<typeof HelloSchema>;

export const BatchSchema = Type.Object(
  {
    v: V,
    type: Type.Literal('batch'),
    seq: Type.Integer({ minimum: 1 }),
    sentAt: EpochMs,
    records: Type.Array(RecordSchema, { minItems: 1, maxItems: MAX_RECORDS_PER_BATCH }),
  },
  { additionalProperties: false },
);
export type Batch = Static<typeof BatchSchema>;

export const AgentMessageSchema = Type.Union([HelloSchema, BatchSchema]);
export type AgentMessage = Static<typeof AgentMessageSchema>;
