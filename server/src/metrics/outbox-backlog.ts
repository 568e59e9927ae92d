import type { AgentRecord } from '@wardwatch/shared';

/** What an agent last said about its unsent data (`event` record `name: "outbox"`). */
export interface OutboxBacklog {
  batches: number;
  bytes: number;
  /** Agent time of the report (`at` of the record). */
  at: number;
}

export const OUTBOX_EVENT = 'outbox';

const isCount = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * The backlog an `outbox` event reports, or null for any other record or a detail that is
 * not `{"batches":N,"bytes":N}` (an older or broken agent must not fail ingest).
 */
export function parseOutboxEvent(record: AgentRecord): OutboxBacklog | null {
  if (record.kind !== 'event' || record.name !== OUTBOX_EVENT || !record.detail) return null;
  let detail: unknown;
  try {
    detail = JSON.parse(record.detail);
  } catch {
    return null;
  }
  if (!detail || typeof detail !== 'object') return null;
  const { batches, bytes } = detail as Record<string, unknown>;
  if (!isCount(batches) || !isCount(bytes)) return null;
  return { batches, bytes, at: record.at };
}

/** Last reported backlog per station; a report older than the one held is ignored. */
export class OutboxBacklogs {
  private readonly byStation = new Map<string, OutboxBacklog>();

  note(stationId: string, records: readonly AgentRecord[]): void {
    for (const record of records) {
      const backlog = parseOutboxEvent(record);
      if (!backlog) continue;
      const held = this.byStation.get(stationId);
      if (!held || held.at <= backlog.at) this.byStation.set(stationId, backlog);
    }
  }

  entries(): IterableIterator<[string, OutboxBacklog]> {
    return this.byStation.entries();
  }
}
