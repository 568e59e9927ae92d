import type { IncidentKind, Severity } from '../detector/types.js';

/** An incident change worth telling someone about. */
export interface NotifyEvent {
  change: 'opened' | 'closed';
  incident: {
    id: number;
    kind: IncidentKind;
    wardId: string;
    stationId?: string;
    target?: string;
    category?: string;
    startedAt: number;
    endedAt: number | null;
    attribution: string;
    severity: Severity;
  };
}

export interface NotifyRule {
  id: number;
  channelId: number;
  /** Empty: every ward / kind. */
  wardIds: string[];
  kinds: IncidentKind[];
  minSeverity: Severity;
  /** Also tell when incidents close. */
  onClose: boolean;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

export function ruleMatches(rule: NotifyRule, e: NotifyEvent): boolean {
  const i = e.incident;
  return (
    (rule.wardIds.length === 0 || rule.wardIds.includes(i.wardId)) &&
    (rule.kinds.length === 0 || rule.kinds.includes(i.kind)) &&
    RANK[i.severity] >= RANK[rule.minSeverity] &&
    (e.change === 'opened' || rule.onClose)
  );
}

/**
 * One message per channel per digest window: the events any of the channel's rules match.
 * An upstream outage hitting 23 wards becomes one message, not 23.
 */
export function planMessages(
  events: readonly NotifyEvent[],
  rules: readonly NotifyRule[],
): { channelId: number; events: NotifyEvent[] }[] {
  const byChannel = new Map<number, NotifyEvent[]>();
  for (const e of events) {
    const channels = new Set(rules.filter((r) => ruleMatches(r, e)).map((r) => r.channelId));
    for (const c of channels) {
      const list = byChannel.get(c) ?? [];
      list.push(e);
      byChannel.set(c, list);
    }
  }
  return [...byChannel]
    .sort((a, b) => a[0] - b[0])
    .map(([channelId, evs]) => ({ channelId, events: evs }));
}

const fmtTime = (t: number) =>
  new Date(t + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

function subjectOf(i: NotifyEvent['incident']): string {
  return i.target ?? i.category ?? i.stationId ?? '';
}

/** Plain-text message (Vietnamese-neutral ids, times in UTC+7): one line per event or a grouped digest. */
export function formatMessage(events: readonly NotifyEvent[]): { subject: string; text: string } {
  const first = events[0];
  if (!first) return { subject: 'WardWatch', text: '' };
  if (events.length === 1) {
    const i = first.incident;
    const what = `${i.kind} ${subjectOf(i)} @ ${i.wardId}`.replace(/\s+/g, ' ');
    const when =
      first.change === 'opened'
        ? `since ${fmtTime(i.startedAt)}`
        : `${fmtTime(i.startedAt)} → ${fmtTime(i.endedAt ?? i.startedAt)}`;
    const subject = `[WardWatch ${i.severity}] ${first.change}: ${what}`;
    return { subject, text: `${subject}\n${when} (UTC+7), cause: ${i.attribution}\n` };
  }
  const groups = new Map<string, NotifyEvent[]>();
  for (const e of events) {
    const i = e.incident;
    const k = `${e.change} ${i.kind} ${subjectOf(i)} (${i.attribution})`;
    const list = groups.get(k) ?? [];
    list.push(e);
    groups.set(k, list);
  }
  const lines = [...groups].map(([k, list]) => {
    const wards = [...new Set(list.map((e) => e.incident.wardId))].sort();
    return `- ${k}: ${wards.length} ward(s): ${wards.join(', ')}`;
  });
  const opened = events.filter((e) => e.change === 'opened').length;
  const subject = `[WardWatch digest] ${opened} opened, ${events.length - opened} closed`;
  return { subject, text: `${subject}\n${lines.join('\n')}\n` };
}
