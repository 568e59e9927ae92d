import { heldDownSpans, type TimelineEntry } from '@wardwatch/shared';
import type { MessageKey } from '../i18n/i18n.js';

const TIMELINE_KEYS: Readonly<Record<string, MessageKey>> = {
  opened: 'timeline.opened',
  closed: 'timeline.closed',
  reopened: 'timeline.reopened',
  end_corrected: 'timeline.end_corrected',
  attributed: 'timeline.attributed',
  acknowledged: 'timeline.acknowledged',
  note: 'timeline.note',
};

/** How a timeline entry reads: its catalog key, and the person's words for notes and acks. */
export function timelineText(e: TimelineEntry): { key: MessageKey; note: string | null } {
  const key = TIMELINE_KEYS[e.type] ?? 'timeline.other';
  const isWords = e.type === 'note' || e.type === 'acknowledged';
  return { key, note: isWords && e.detail ? e.detail : null };
}

export interface EvidenceRow {
  field: string;
  value: string;
}

/** Evidence and detail flattened to `a.b = value` rows (arrays joined), for a plain table. */
export function evidenceRows(
  evidence: Readonly<Record<string, unknown>>,
  detail: Readonly<Record<string, unknown>> = {},
): EvidenceRow[] {
  const rows: EvidenceRow[] = [];
  const walk = (prefix: string, value: unknown, depth: number) => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      const simple = value.every((v) => typeof v !== 'object' || v === null);
      rows.push({ field: prefix, value: simple ? value.join(', ') : JSON.stringify(value) });
    } else if (typeof value === 'object' && depth < 3) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        walk(prefix ? `${prefix}.${k}` : k, v, depth + 1);
      }
    } else {
      rows.push({
        field: prefix,
        value: typeof value === 'object' ? JSON.stringify(value) : String(value),
      });
    }
  };
  walk('', evidence, 0);
  // The held-back down runs are summed up by heldDownSummary, not listed as raw times.
  const held = new Set(['downSpans', 'downSince']);
  walk('', Object.fromEntries(Object.entries(detail).filter(([k]) => !held.has(k))), 0);
  return rows;
}

/** What a flapping link's held-back down runs amount to, or null when it carries none. */
export function heldDownSummary(
  detail: Readonly<Record<string, unknown>>,
  nowMs: number,
): { runs: number; totalMs: number; downNow: boolean } | null {
  const spans = heldDownSpans(detail);
  if (spans.length === 0) return null;
  const totalMs = spans.reduce((sum, [s, e]) => sum + Math.max(0, (e ?? nowMs) - s), 0);
  return { runs: spans.length, totalMs, downNow: spans.some(([, e]) => e === null) };
}
