import { RetentionPolicySchema, type RetentionPolicy } from '@wardwatch/shared';

/** Finest to coarsest: each kind must be kept at least as long as the one before it. */
export const RETENTION_FIELDS = ['rawDays', 'rollup5mDays', 'historyDays'] as const;
export type RetentionField = (typeof RETENTION_FIELDS)[number];
export type RetentionDraft = Record<RetentionField, string>;

/** What is wrong with a draft, in terms the form can word and point at. */
export type RetentionProblem =
  | { kind: 'notWhole'; field: RetentionField; max: number }
  | { kind: 'order'; field: RetentionField; finer: RetentionField; finerDays: number };

/** The largest value the server accepts for a field (the shared schema is the one truth). */
export function retentionMax(field: RetentionField): number {
  // TypeBox keeps the options on the schema object but not in its static type.
  const schema: { type: string; maximum?: unknown } = RetentionPolicySchema.properties[field];
  if (typeof schema.maximum !== 'number') throw new Error(`no maximum for ${field}`);
  return schema.maximum;
}

export function formatRetention(p: RetentionPolicy): RetentionDraft {
  return {
    rawDays: String(p.rawDays),
    rollup5mDays: String(p.rollup5mDays),
    historyDays: String(p.historyDays),
  };
}

/** A whole number of days in [1, max], or null (empty, decimal, sign, exponent, too big). */
function parseDays(text: string, max: number): number | null {
  const t = text.trim();
  if (!/^\d{1,6}$/.test(t)) return null;
  const n = Number(t);
  return n >= 1 && n <= max ? n : null;
}

/** The policy a draft describes, or the first problem in field order. */
export function parseRetention(
  draft: RetentionDraft,
): { policy: RetentionPolicy } | { problem: RetentionProblem } {
  const values: Partial<Record<RetentionField, number>> = {};
  for (const field of RETENTION_FIELDS) {
    const max = retentionMax(field);
    const n = parseDays(draft[field], max);
    if (n === null) return { problem: { kind: 'notWhole', field, max } };
    values[field] = n;
  }
  const policy = values as RetentionPolicy;
  for (let i = 1; i < RETENTION_FIELDS.length; i++) {
    const finer = RETENTION_FIELDS[i - 1] as RetentionField;
    const field = RETENTION_FIELDS[i] as RetentionField;
    if (policy[field] < policy[finer]) {
      return { problem: { kind: 'order', field, finer, finerDays: policy[finer] } };
    }
  }
  return { policy };
}

/** A rough reading of a day count for people ("≈ 3 months", "≈ 3 years"); null under a month. */
export function approxSpan(days: number): { unit: 'months' | 'years'; n: number } | null {
  if (!Number.isFinite(days) || days < 28) return null;
  if (days < 365) return { unit: 'months', n: Math.max(1, Math.round(days / 30.44)) };
  return { unit: 'years', n: Math.round((days / 365.25) * 10) / 10 };
}
