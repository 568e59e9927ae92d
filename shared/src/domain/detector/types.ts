/** What the detector finds; one open incident per kind and subject. */
export const INCIDENT_KINDS = [
  'station_offline',
  'link_down',
  'link_degraded',
  'session_unstable',
  'peripheral_missing',
  'equipment_gap',
  'resource_saturated',
] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/**
 * Why it happened. `workstation` covers device and resource incidents on the PC itself;
 * `unknown` is a link fault that matches none of the rules (one target at one ward).
 */
export const ATTRIBUTIONS = [
  'upstream',
  'local_link',
  'station_down',
  'planned',
  'workstation',
  'unknown',
] as const;
export type Attribution = (typeof ATTRIBUTIONS)[number];

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Evidence = Record<string, unknown>;

/** One incident run of a subject, as a machine produced it (no attribution yet). */
export interface Span {
  kind: IncidentKind;
  startedAt: number;
  /** null while open. */
  endedAt: number | null;
  detail: Evidence;
}

/** What a machine emits; a close refers to the open span of the same kind. */
export type SpanEffect =
  | { type: 'open'; kind: IncidentKind; startedAt: number; detail?: Evidence }
  | { type: 'close'; kind: IncidentKind; endedAt: number; detail?: Evidence }
  /** New detail for the open span of the kind, merged over what it had (it stays open). */
  | { type: 'detail'; kind: IncidentKind; detail: Evidence };

export interface StepResult<S> {
  state: S;
  effects: SpanEffect[];
}

/** Apply effects to a span list, copying only when something changes. */
export function applyEffects(spans: readonly Span[], effects: readonly SpanEffect[]): Span[] {
  if (effects.length === 0) return spans as Span[];
  const out = [...spans];
  for (const e of effects) {
    switch (e.type) {
      case 'open':
        out.push({ kind: e.kind, startedAt: e.startedAt, endedAt: null, detail: e.detail ?? {} });
        break;
      case 'close':
      case 'detail': {
        for (let i = out.length - 1; i >= 0; i--) {
          const s = out[i];
          if (s && s.kind === e.kind && s.endedAt === null) {
            const endedAt = e.type === 'close' ? e.endedAt : null;
            out[i] = { ...s, endedAt, detail: { ...s.detail, ...e.detail } };
            break;
          }
        }
        break;
      }
      default: {
        const never: never = e;
        throw new Error(`unknown effect ${JSON.stringify(never)}`);
      }
    }
  }
  return out;
}
