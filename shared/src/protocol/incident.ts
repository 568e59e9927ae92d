import Type, { type Static } from 'typebox';
import type { Attribution, IncidentKind, Severity } from '../domain/detector/types.js';
import { EpochMs } from './records.js';

// Spelled out (not mapped from the const lists) so the static types stay literal unions.
export const IncidentKindSchema = Type.Union([
  Type.Literal('station_offline'),
  Type.Literal('link_down'),
  Type.Literal('link_degraded'),
  Type.Literal('session_unstable'),
  Type.Literal('peripheral_missing'),
  Type.Literal('equipment_gap'),
  Type.Literal('resource_saturated'),
]);
export const AttributionSchema = Type.Union([
  Type.Literal('upstream'),
  Type.Literal('local_link'),
  Type.Literal('station_down'),
  Type.Literal('planned'),
  Type.Literal('workstation'),
  Type.Literal('unknown'),
]);
export const SeveritySchema = Type.Union([
  Type.Literal('info'),
  Type.Literal('warning'),
  Type.Literal('critical'),
]);
// Compile-time check that the schemas and the domain's lists agree.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree: [
  Same<Static<typeof IncidentKindSchema>, IncidentKind>,
  Same<Static<typeof AttributionSchema>, Attribution>,
  Same<Static<typeof SeveritySchema>, Severity>,
] = [true, true, true];
void agree;

/** An incident as the API lists it and the console receives it (DESIGN §5). */
export const IncidentSchema = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    kind: IncidentKindSchema,
    wardId: Type.String(),
    stationId: Type.Optional(Type.String()),
    target: Type.Optional(Type.String()),
    category: Type.Optional(Type.String()),
    resource: Type.Optional(Type.String()),
    startedAt: EpochMs,
    endedAt: Type.Union([EpochMs, Type.Null()]),
    attribution: AttributionSchema,
    severity: SeveritySchema,
    acknowledged: Type.Boolean(),
    acknowledgedBy: Type.Union([Type.String(), Type.Null()]),
    acknowledgedAt: Type.Union([EpochMs, Type.Null()]),
    /** Why this attribution: which wards, which targets, which maintenance window. */
    evidence: Type.Record(Type.String(), Type.Unknown()),
    /** What the detector saw (reason, device counts, last contact). */
    detail: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);
export type Incident = Static<typeof IncidentSchema>;

export const IncidentChangeSchema = Type.Union([
  Type.Literal('opened'),
  Type.Literal('closed'),
  Type.Literal('updated'),
  Type.Literal('acknowledged'),
  Type.Literal('retracted'),
]);
export type IncidentChangeKind = Static<typeof IncidentChangeSchema>;
