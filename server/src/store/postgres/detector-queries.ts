import type pg from 'pg';
import type { DetectedIncident, TimelineEntry } from '@wardwatch/shared';
import type { AppliedChange, DetectorStore, IncidentFilter } from '../detector-store.js';
import {
  CHANNEL_COLS,
  INCIDENT_COLS,
  incidentInsertValues,
  RULE_COLS,
  WINDOW_COLS,
  toChannel,
  toDelivery,
  toIncident,
  toRule,
  toWindow,
  type ChannelDbRow,
  type DeliveryDbRow,
  type IncidentDbRow,
  type RuleDbRow,
  type WindowDbRow,
} from '../rows.js';
import { inTransaction, params, type Sql } from './pg-db.js';

type Changes = Parameters<DetectorStore['applyIncidentChanges']>[0];

async function event(
  sql: Sql,
  id: number,
  at: number,
  type: string,
  username: string | null,
  detail: unknown,
): Promise<void> {
  await sql.query(
    'INSERT INTO incident_events (incident_id, at, type, username, detail) VALUES ($1, $2, $3, $4, $5)',
    // Notes stay plain text; structured details are JSON.
    [
      id,
      at,
      type,
      username,
      detail === null ? null : typeof detail === 'string' ? detail : JSON.stringify(detail),
    ],
  );
}

async function upsertIncident(
  sql: Sql,
  inc: DetectedIncident,
  at: number,
): Promise<AppliedChange | null> {
  const evidence = JSON.stringify(inc.evidence);
  const detail = JSON.stringify(inc.detail);
  const found = await sql.query<IncidentDbRow & { same_evidence: boolean; same_detail: boolean }>(
    `SELECT ${INCIDENT_COLS}, evidence = $4::jsonb AS same_evidence, detail = $5::jsonb AS same_detail
     FROM incidents WHERE subject = $1 AND kind = $2 AND started_at = $3 FOR UPDATE`,
    [inc.subject, inc.kind, inc.startedAt, evidence, detail],
  );
  const existing = found.rows[0];
  if (!existing) {
    const { rows } = await sql.query<IncidentDbRow>(
      `INSERT INTO incidents (subject, kind, ward_id, station_id, target, category, resource,
         started_at, ended_at, attribution, severity, evidence, detail, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb, $14)
       RETURNING ${INCIDENT_COLS}`,
      incidentInsertValues(inc, evidence, detail, at),
    );
    const row = rows[0] as IncidentDbRow;
    await event(sql, row.id, inc.startedAt, 'opened', null, {
      attribution: inc.attribution,
      evidence: inc.evidence,
    });
    if (inc.endedAt !== null) await event(sql, row.id, inc.endedAt, 'closed', null, null);
    return { change: inc.endedAt === null ? 'opened' : 'closed', row: toIncident(row) };
  }
  if (
    existing.ended_at === inc.endedAt &&
    existing.attribution === inc.attribution &&
    existing.severity === inc.severity &&
    existing.same_evidence &&
    existing.same_detail
  ) {
    return null;
  }
  const { rows } = await sql.query<IncidentDbRow>(
    `UPDATE incidents SET ended_at = $1, attribution = $2, severity = $3, evidence = $4::jsonb,
       detail = $5::jsonb, updated_at = $6 WHERE id = $7 RETURNING ${INCIDENT_COLS}`,
    [inc.endedAt, inc.attribution, inc.severity, evidence, detail, at, existing.id],
  );
  const row = rows[0] as IncidentDbRow;
  let change: AppliedChange['change'] = 'updated';
  if (existing.ended_at === null && inc.endedAt !== null) {
    change = 'closed';
    await event(sql, row.id, inc.endedAt, 'closed', null, null);
  } else if (existing.ended_at !== null && inc.endedAt === null) {
    await event(sql, row.id, at, 'reopened', null, null);
  } else if (existing.ended_at !== inc.endedAt) {
    await event(sql, row.id, at, 'end_corrected', null, { endedAt: inc.endedAt });
  }
  if (existing.attribution !== inc.attribution || !existing.same_evidence) {
    await event(sql, row.id, at, 'attributed', null, {
      attribution: inc.attribution,
      evidence: inc.evidence,
    });
  }
  return { change, row: toIncident(row) };
}

async function applyChanges(sql: Sql, c: Changes): Promise<AppliedChange[]> {
  const out: AppliedChange[] = [];
  for (const inc of c.removes) {
    const { rows } = await sql.query<IncidentDbRow>(
      `DELETE FROM incidents WHERE subject = $1 AND kind = $2 AND started_at = $3
       RETURNING ${INCIDENT_COLS}`,
      [inc.subject, inc.kind, inc.startedAt],
    );
    const row = rows[0];
    if (row) out.push({ change: 'retracted', row: toIncident(row) });
  }
  for (const inc of c.upserts) {
    const applied = await upsertIncident(sql, inc, c.at);
    if (applied) out.push(applied);
  }
  return out;
}

/** The detector's part of the PostgreSQL adapter (same semantics as sqlite/detector-queries.ts). */
export function pgDetectorQueries(pool: pg.Pool): DetectorStore {
  const all = async <R extends pg.QueryResultRow>(text: string, values?: unknown[]) =>
    (await pool.query<R>(text, values)).rows;
  const count = async (text: string, values: unknown[]) =>
    ((await pool.query(text, values)).rowCount ?? 0) > 0;

  return {
    applyIncidentChanges: (c) => inTransaction(pool, (sql) => applyChanges(sql, c)),

    async listIncidents(f: IncidentFilter) {
      const where: string[] = [];
      const { args, p } = params();
      // Overlap with [from, to): started before `to`, not ended before `from`.
      if (f.to !== undefined) where.push(`started_at < ${p(f.to)}`);
      if (f.from !== undefined) where.push(`(ended_at IS NULL OR ended_at > ${p(f.from)})`);
      if (f.wardId !== undefined) where.push(`ward_id = ${p(f.wardId)}`);
      if (f.kind !== undefined) where.push(`kind = ${p(f.kind)}`);
      if (f.open === true) where.push('ended_at IS NULL');
      if (f.open === false) where.push('ended_at IS NOT NULL');
      if (f.after) {
        const s = p(f.after.startedAt);
        where.push(`(started_at < ${s} OR (started_at = ${s} AND id < ${p(f.after.id)}))`);
      }
      const sql = `SELECT ${INCIDENT_COLS} FROM incidents
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY started_at DESC, id DESC LIMIT ${p(f.limit)}`;
      return (await all<IncidentDbRow>(sql, args)).map(toIncident);
    },
    async getIncident(id) {
      const [row] = await all<IncidentDbRow>(
        `SELECT ${INCIDENT_COLS} FROM incidents WHERE id = $1`,
        [id],
      );
      return row ? toIncident(row) : null;
    },
    listOpenIncidents: async () =>
      (
        await all<IncidentDbRow>(
          `SELECT ${INCIDENT_COLS} FROM incidents WHERE ended_at IS NULL ORDER BY id`,
        )
      ).map(toIncident),
    incidentTimeline: (id) =>
      all<TimelineEntry & pg.QueryResultRow>(
        'SELECT at, type, username, detail FROM incident_events WHERE incident_id = $1 ORDER BY at, id',
        [id],
      ),
    acknowledgeIncident: (a) =>
      inTransaction(pool, async (sql) => {
        const { rows } = await sql.query<IncidentDbRow>(
          `UPDATE incidents SET acknowledged_at = $1, acknowledged_by = $2, updated_at = $1
           WHERE id = $3 RETURNING ${INCIDENT_COLS}`,
          [a.at, a.username, a.id],
        );
        const row = rows[0];
        if (!row) return null;
        await event(sql, a.id, a.at, 'acknowledged', a.username, a.note ?? null);
        return toIncident(row);
      }),
    async addIncidentNote(n) {
      await event(pool, n.id, n.at, 'note', n.username, n.text);
    },

    async getSetting(key) {
      const [row] = await all<{ value: unknown }>('SELECT value FROM settings WHERE key = $1', [
        key,
      ]);
      return row === undefined ? null : row.value;
    },
    async setSetting(key, value, at) {
      await pool.query(
        `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2::jsonb, $3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        [key, JSON.stringify(value), at],
      );
    },

    listMaintenance: async () =>
      (await all<WindowDbRow>(`SELECT ${WINDOW_COLS} FROM maintenance_windows ORDER BY id`)).map(
        toWindow,
      ),
    async createMaintenance(m) {
      const [row] = await all<WindowDbRow>(
        `INSERT INTO maintenance_windows (name, starts_at, ends_at, recurrence, until, ward_id, target, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${WINDOW_COLS}`,
        [m.name, m.startsAt, m.endsAt, m.recurrence, m.until, m.wardId, m.target, m.createdAt],
      );
      return toWindow(row as WindowDbRow);
    },
    deleteMaintenance: (id) => count('DELETE FROM maintenance_windows WHERE id = $1', [id]),

    listChannels: async () =>
      (
        await all<ChannelDbRow>(`SELECT ${CHANNEL_COLS} FROM notification_channels ORDER BY id`)
      ).map(toChannel),
    async getChannel(id) {
      const [row] = await all<ChannelDbRow>(
        `SELECT ${CHANNEL_COLS} FROM notification_channels WHERE id = $1`,
        [id],
      );
      return row ? toChannel(row) : null;
    },
    async createChannel(c) {
      const [row] = await all<ChannelDbRow>(
        `INSERT INTO notification_channels (name, kind, config, enabled, created_at)
         VALUES ($1, $2, $3::jsonb, $4, $5) RETURNING ${CHANNEL_COLS}`,
        [c.name, c.kind, JSON.stringify(c.config), c.enabled !== false, c.createdAt],
      );
      return toChannel(row as ChannelDbRow);
    },
    deleteChannel: (id) => count('DELETE FROM notification_channels WHERE id = $1', [id]),
    listRules: async () =>
      (await all<RuleDbRow>(`SELECT ${RULE_COLS} FROM notification_rules ORDER BY id`)).map(toRule),
    async createRule(rule) {
      const [row] = await all<RuleDbRow>(
        `INSERT INTO notification_rules (channel_id, ward_ids, kinds, min_severity, on_close, created_at)
         VALUES ($1, $2::jsonb, $3::jsonb, $4, $5, $6) RETURNING ${RULE_COLS}`,
        [
          rule.channelId,
          JSON.stringify(rule.wardIds),
          JSON.stringify(rule.kinds),
          rule.minSeverity,
          rule.onClose,
          rule.createdAt,
        ],
      );
      return toRule(row as RuleDbRow);
    },
    deleteRule: (id) => count('DELETE FROM notification_rules WHERE id = $1', [id]),

    async createDelivery(d) {
      const [row] = await all<{ id: number }>(
        `INSERT INTO notification_deliveries (channel_id, created_at, status, attempts, next_attempt_at,
           subject, body, incident_ids) VALUES ($1, $2, 'pending', 0, $2, $3, $4, $5::jsonb) RETURNING id`,
        [d.channelId, d.createdAt, d.subject, d.body, JSON.stringify(d.incidentIds)],
      );
      return (row as { id: number }).id;
    },
    async recordAttempt(a) {
      const status = a.ok ? 'sent' : a.nextAttemptAt === null ? 'failed' : 'pending';
      await pool.query(
        `UPDATE notification_deliveries SET attempts = attempts + 1, status = $1, next_attempt_at = $2,
           last_error = $3, sent_at = $4 WHERE id = $5`,
        [status, a.ok ? null : a.nextAttemptAt, a.error ?? null, a.ok ? a.at : null, a.id],
      );
    },
    dueDeliveries: async (now, limit) =>
      (
        await all<DeliveryDbRow>(
          `SELECT * FROM notification_deliveries WHERE status = 'pending' AND next_attempt_at <= $1
           ORDER BY next_attempt_at, id LIMIT $2`,
          [now, limit],
        )
      ).map((row) => ({ ...toDelivery(row), body: row.body })),
    listDeliveries: async (limit) =>
      (
        await all<DeliveryDbRow>(
          'SELECT * FROM notification_deliveries ORDER BY id DESC LIMIT $1',
          [limit],
        )
      ).map(toDelivery),
  };
}
