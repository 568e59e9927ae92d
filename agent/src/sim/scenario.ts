import Type, { type Static } from 'typebox';
import { PeripheralCategorySchema, compileValidator } from '@wardwatch/shared';

const Minutes = Type.Number({ minimum: 0 });
const closed = { additionalProperties: false } as const;
const Timing = {
  startMin: Minutes,
  durationMin: Type.Number({ exclusiveMinimum: 0 }),
  /** Repeat the fault every this many minutes after `startMin` (omit: once). */
  everyMin: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
};

export const FaultSchema = Type.Union([
  // A central system fails for every ward at once (maintenance, overload).
  Type.Object({ kind: Type.Literal('upstream_outage'), target: Type.String(), ...Timing }, closed),
  // A ward's own line is down: every target, the gateway included, fails.
  Type.Object(
    { kind: Type.Literal('line_down'), wardIds: Type.Array(Type.String()), ...Timing },
    closed,
  ),
  // A device is unplugged at a ward.
  Type.Object(
    {
      kind: Type.Literal('unplug'),
      wardId: Type.String(),
      category: PeripheralCategorySchema,
      ...Timing,
    },
    closed,
  ),
  // The workstation is switched off: the station goes silent.
  Type.Object(
    { kind: Type.Literal('power_off'), wardIds: Type.Array(Type.String()), ...Timing },
    closed,
  ),
]);
export type Fault = Static<typeof FaultSchema>;

export const ScenarioSchema = Type.Object(
  {
    name: Type.String(),
    faults: Type.Array(FaultSchema),
    /** Wards (by id) that do have a document scanner; the city report says none do. */
    wardsWithScanner: Type.Optional(Type.Array(Type.String())),
  },
  closed,
);
export type Scenario = Static<typeof ScenarioSchema>;

export const scenarioValidator = compileValidator(ScenarioSchema);

/** The demo's city (DESIGN §9): upstream maintenance, two flapping lines, an unplugged reader, a PC off. */
export const DEFAULT_SCENARIO: Scenario = {
  name: 'quang-ngai-default',
  faults: [
    { kind: 'upstream_outage', target: 'csdlqg', startMin: 3, durationMin: 4, everyMin: 30 },
    {
      kind: 'line_down',
      wardIds: ['tinh-thien', 'nghia-an'],
      startMin: 1,
      durationMin: 1.5,
      everyMin: 6,
    },
    {
      kind: 'unplug',
      wardId: 'chanh-lo',
      category: 'fingerprint',
      startMin: 5,
      durationMin: 5,
      everyMin: 20,
    },
    { kind: 'power_off', wardIds: ['tinh-ky'], startMin: 8, durationMin: 4, everyMin: 30 },
  ],
};

/** Whether a fault is in effect `minute` minutes after the simulation started. */
export function isActive(fault: Fault, minute: number): boolean {
  if (minute < fault.startMin) return false;
  const since = minute - fault.startMin;
  const offset = fault.everyMin === undefined ? since : since % fault.everyMin;
  return offset < fault.durationMin;
}

/** The faults that affect one ward at `minute`. */
export function activeFaults(scenario: Scenario, wardId: string, minute: number): Fault[] {
  return scenario.faults.filter((f) => {
    if (!isActive(f, minute)) return false;
    switch (f.kind) {
      case 'upstream_outage':
        return true;
      case 'line_down':
      case 'power_off':
        return f.wardIds.includes(wardId);
      case 'unplug':
        return f.wardId === wardId;
      default: {
        const never: never = f;
        return never;
      }
    }
  });
}
