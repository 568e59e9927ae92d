import Type, { type Static } from 'typebox';
import { QueryEpochMs } from './common.js';

const closed = { additionalProperties: false } as const;

/** `GET /api/v1/reports/evidence`: period [from, to), optional ward, format, CSV table. */
export const EvidenceQuerySchema = Type.Object(
  {
    from: QueryEpochMs,
    to: QueryEpochMs,
    ward: Type.Optional(Type.String({ maxLength: 64 })),
    format: Type.Optional(
      Type.Union([
        Type.Literal('json'),
        Type.Literal('csv'),
        Type.Literal('html'),
        Type.Literal('pdf'),
      ]),
    ),
    table: Type.Optional(
      Type.Union([
        Type.Literal('wards'),
        Type.Literal('targets'),
        Type.Literal('equipment'),
        Type.Literal('incidents'),
        Type.Literal('city'),
      ]),
    ),
  },
  closed,
);
export type EvidenceQuery = Static<typeof EvidenceQuerySchema>;

export const EquipmentItemSchema = Type.Object({
  wardId: Type.String(),
  category: Type.String(),
  required: Type.Integer(),
  presentNow: Type.Integer(),
  everSeen: Type.Integer(),
  lastSeenAt: Type.Optional(Type.Integer()),
});
export const EquipmentListSchema = Type.Object({ items: Type.Array(EquipmentItemSchema) });
export type EquipmentList = Static<typeof EquipmentListSchema>;

const days = (maximum: number) => Type.Integer({ minimum: 1, maximum });

/**
 * `GET|PUT /api/v1/settings/retention`: how long each kind of stored data is kept, in days.
 * Raw records feed live charts and exports; 5-minute rollups the partial days of a report
 * period; daily rollups and closed incidents every report back to `historyDays`.
 */
export const RetentionPolicySchema = Type.Object(
  {
    rawDays: days(3650),
    rollup5mDays: days(3650),
    historyDays: days(36500),
  },
  closed,
);
export type RetentionPolicy = Static<typeof RetentionPolicySchema>;
