import type Database from 'better-sqlite3';
import type { Synchronous } from './promised.js';
import type { DetectedIncident, TimelineEntry } from '@wardwatch/shared';
import type {
  AppliedChange,
  DetectorStore,
  IncidentFilter,
  IncidentRow,
} from '../detector-store.js';
import {
  INCIDENT_COLS,
  incidentInsertValues,
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

type Db = Database.Database;

/** The detector's part of the SQLite adapter: writes on `w`, list queries on the reader `r`. */
export function detectorQueries(w: Db, r: Db): Synchronous<DetectorStore> {
  const q = {
    findIncident: w.prepare(
      `SELECT ${INCIDENT_COLS} FROM incidents WHERE subject = ? AND kind = ? AND started_at = ?`,
    ),
    insertIncident: w.prepare(
      `INSERT INTO incidents (subject, kind, ward_id, station_id, target, category, resource,
         started_at, ended_at, attribution, severity, evidence, detail, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${INCIDENT_COLS}`,
    ),
    updateIncident: w.prepare(
      `UPDATE incidents SET ended_at = ?, attribution = ?, severity = ?, evidence = ?, detail = ?,
         updated_at = ? WHERE id = ? RETURNING ${INCIDENT_COLS}`,
    ),
    deleteIncident: w.prepare('DELETE FROM incidents WHERE id = ?'),
    insertEvent: w.prepare(
      'INSERT INTO incident_events (incident_id, at, type, username, detail) VALUES (?, ?, ?, ?, ?)',
    ),
    getIncident: r.prepare(`SELECT ${INCIDENT_COLS} FROM incidents WHERE id = ?`),
    getIncidentW: w.prepare(`SELECT ${INCIDENT_COLS} FROM incidents WHERE id = ?`),
    openIncidents: w.prepare(`SELECT ${INCIDENT_COLS} FROM incidents WHERE ended_at IS NULL`),
    timeline: r.prepare(
      'SELECT at, type, username, detail FROM incident_events WHERE incident_id = ? ORDER BY at, id',
    ),
    ack: w.prepare(
      `UPDATE incidents SET acknowledged_at = ?, acknowledged_by = ?, updated_at = ?
       WHERE id = ? RETURNING ${INCIDENT_COLS}`,
    ),
    getSetting: w.prepare('SELECT value FROM settings WHERE key = ?').pluck(),
    setSetting: w.prepare(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ),
    listWindows: w.prepare(
      'SELECT id, name, starts_at, ends_at, recurrence, until, ward_id, target FROM maintenance_windows ORDER BY id',
    ),
    insertWindow: w.prepare(
      `INSERT INTO maintenance_windows (name, starts_at, ends_at, recurrence, until, ward_id, target, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, name, starts_at, ends_at, recurrence, until, ward_id, target`,
    ),
    deleteWindow: w.prepare('DELETE FROM maintenance_windows WHERE id = ?'),
    listChannels: w.prepare(
      'SELECT id, name, kind, config, enabled FROM notification_channels ORDER BY id',
    ),
    getChannel: w.prepare(
      'SELECT id, name, kind, config, enabled FROM notification_channels WHERE id = ?',
    ),
    insertChannel: w.prepare(
      `INSERT INTO notification_channels (name, kind, config, enabled, created_at) VALUES (?, ?, ?, ?, ?)
       RETURNING id, name, kind, config, enabled`,
    ),
    deleteChannel: w.prepare('DELETE FROM notification_channels WHERE id = ?'),
    listRules: w.prepare(
      'SELECT id, channel_id, ward_ids, kinds, min_severity, on_close FROM notification_rules ORDER BY id',
    ),
    insertRule: w.prepare(
      `INSERT INTO notification_rules (channel_id, ward_ids, kinds, min_severity, on_close, created_at)
       VALUES (?, ?, ?, ?, ?, ?) RETURNING id, channel_id, ward_ids, kinds, min_severity, on_close`,
    ),
    deleteRule: w.prepare('DELETE FROM notification_rules WHERE id = ?'),
    insertDelivery: w.prepare(
      `INSERT INTO notification_deliveries (channel_id, created_at, status, attempts, next_attempt_at,
         subject, body, incident_ids) VALUES (?, ?, 'pending', 0, ?, ?, ?, ?)`,
    ),
    attempt: w.prepare(
      `UPDATE notification_deliveries SET attempts = attempts + 1, status = ?, next_attempt_at = ?,
         last_error = ?, sent_at = ? WHERE id = ?`,
    ),
    due: w.prepare(
      `SELECT * FROM notification_deliveries WHERE status = 'pending' AND next_attempt_at <= ?
       ORDER BY next_attempt_at, id LIMIT ?`,
    ),
    listDeliveries: r.prepare('SELECT * FROM notification_deliveries ORDER BY id DESC LIMIT ?'),
  };

  const event = (id: number, at: number, type: string, username: string | null, detail: unknown) =>
    q.insertEvent.run(
      id,
      at,
      type,
      username,
      // Notes stay plain text; structured details are JSON.
      detail === null ? null : typeof detail === 'string' ? detail : JSON.stringify(detail),
    );

  const apply = w.transaction(
    (c: {
      upserts: readonly DetectedIncident[];
      removes: readonly DetectedIncident[];
      at: number;
    }) => {
      const out: AppliedChange[] = [];
      for (const inc of c.removes) {
        const row = q.findIncident.get(inc.subject, inc.kind, inc.startedAt) as
          IncidentDbRow | undefined;
        if (!row) continue;
        q.deleteIncident.run(row.id);
        out.push({ change: 'retracted', row: toIncident(row) });
      }
      for (const inc of c.upserts) {
        const evidence = JSON.stringify(inc.evidence);
        const detail = JSON.stringify(inc.detail);
        const existing = q.findIncident.get(inc.subject, inc.kind, inc.startedAt) as
          IncidentDbRow | undefined;
        if (!existing) {
          const row = q.insertIncident.get(
            ...incidentInsertValues(inc, evidence, detail, c.at),
          ) as IncidentDbRow;
          event(row.id, inc.startedAt, 'opened', null, {
            attribution: inc.attribution,
            evidence: inc.evidence,
          });
          if (inc.endedAt !== null) event(row.id, inc.endedAt, 'closed', null, null);
          out.push({ change: inc.endedAt === null ? 'opened' : 'closed', row: toIncident(row) });
          continue;
        }
        if (
          existing.ended_at === inc.endedAt &&
          existing.attribution === inc.attribution &&
          existing.severity === inc.severity &&
          existing.evidence === evidence &&
          existing.detail === detail
        ) {
          continue;
        }
        const row = q.updateIncident.get(
          inc.endedAt,
          inc.attribution,
          inc.severity,
          evidence,
          detail,
          c.at,
          existing.id,
        ) as IncidentDbRow;
        let change: AppliedChange['change'] = 'updated';
        if (existing.ended_at === null && inc.endedAt !== null) {
          change = 'closed';
          event(row.id, inc.endedAt, 'closed', null, null);
        } else if (existing.ended_at !== null && inc.endedAt === null) {
          event(row.id, c.at, 'reopened', null, null);
        } else if (existing.ended_at !== inc.endedAt) {
          event(row.id, c.at, 'end_corrected', null, { endedAt: inc.endedAt });
        }
        if (existing.attribution !== inc.attribution || existing.evidence !== evidence) {
          event(row.id, c.at, 'attributed', null, {
            attribution: inc.attribution,
            evidence: inc.evidence,
          });
        }
        out.push({ change, row: toIncident(row) });
      }
      return out;
    },
  );

  const ack = w.transaction((a: { id: number; username: string; at: number; note?: string }) => {
    const row = q.ack.get(a.at, a.username, a.at, a.id) as IncidentDbRow | undefined;
    if (!row) return null;
    event(a.id, a.at, 'acknowledged', a.username, a.note ?? null);
    return toIncident(row);
  });

  return {
    applyIncidentChanges: (c) => apply(c),

    listIncidents(f: IncidentFilter): IncidentRow[] {
      const where: string[] = [];
      const args: (string | number)[] = [];
      // Overlap with [from, to): started before `to`, not ended before `from`.
      if (f.to !== undefined) {
        where.push('started_at < ?');
        args.push(f.to);
      }
      if (f.from !== undefined) {
        where.push('(ended_at IS NULL OR ended_at > ?)');
        args.push(f.from);
      }
      if (f.wardId !== undefined) {
        where.push('ward_id = ?');
        args.push(f.wardId);
      }
      if (f.kind !== undefined) {
        where.push('kind = ?');
        args.push(f.kind);
      }
      if (f.open === true) where.push('ended_at IS NULL');
      if (f.open === false) where.push('ended_at IS NOT NULL');
      if (f.after) {
        where.push('(started_at < ? OR (started_at = ? AND id < ?))');
        args.push(f.after.startedAt, f.after.startedAt, f.after.id);
      }
      const sql = `SELECT ${INCIDENT_COLS} FROM incidents
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY started_at DESC, id DESC LIMIT ?`;
      return (r.prepare(sql).all(...args, f.limit) as IncidentDbRow[]).map(toIncident);
    },
    getIncident(id) {
      // The writer sees its own latest commit (the reader would too under WAL; this avoids a race
      // with a just-applied change in tests that read right after a push).
      const row = (q.getIncidentW.get(id) ?? q.getIncident.get(id)) as IncidentDbRow | undefined;
      return row ? toIncident(row) : null;
    },
    listOpenIncidents: () => (q.openIncidents.all() as IncidentDbRow[]).map(toIncident),
    incidentTimeline: (id) => q.timeline.all(id) as TimelineEntry[],
    acknowledgeIncident: (a) => ack(a),
    addIncidentNote(n) {
      event(n.id, n.at, 'note', n.username, n.text);
    },

    getSetting(key) {
      const v = q.getSetting.get(key) as string | undefined;
      return v === undefined ? null : (JSON.parse(v) as unknown);
    },
    setSetting(key, value, at) {
      q.setSetting.run(key, JSON.stringify(value), at);
    },

    listMaintenance: () => (q.listWindows.all() as WindowDbRow[]).map(toWindow),
    createMaintenance(m) {
      const row = q.insertWindow.get(
        m.name,
        m.startsAt,
        m.endsAt,
        m.recurrence,
        m.until,
        m.wardId,
        m.target,
        m.createdAt,
      ) as WindowDbRow;
      return toWindow(row);
    },
    deleteMaintenance: (id) => q.deleteWindow.run(id).changes > 0,

    listChannels: () => (q.listChannels.all() as ChannelDbRow[]).map(toChannel),
    getChannel(id) {
      const row = q.getChannel.get(id) as ChannelDbRow | undefined;
      return row ? toChannel(row) : null;
    },
    createChannel(c) {
      const row = q.insertChannel.get(
        c.name,
        c.kind,
        JSON.stringify(c.config),
        c.enabled === false ? 0 : 1,
        c.createdAt,
      ) as ChannelDbRow;
      return toChannel(row);
    },
    deleteChannel: (id) => q.deleteChannel.run(id).changes > 0,
    listRules: () => (q.listRules.all() as RuleDbRow[]).map(toRule),
    createRule(rule) {
      const row = q.insertRule.get(
        rule.channelId,
        JSON.stringify(rule.wardIds),
        JSON.stringify(rule.kinds),
        rule.minSeverity,
        rule.onClose ? 1 : 0,
        rule.createdAt,
      ) as RuleDbRow;
      return toRule(row);
    },
    deleteRule: (id) => q.deleteRule.run(id).changes > 0,

    createDelivery(d) {
      const info = q.insertDelivery.run(
        d.channelId,
        d.createdAt,
        d.createdAt,
        d.subject,
        d.body,
        JSON.stringify(d.incidentIds),
      );
      return Number(info.lastInsertRowid);
    },
    recordAttempt(a) {
      const status = a.ok ? 'sent' : a.nextAttemptAt === null ? 'failed' : 'pending';
      q.attempt.run(
        status,
        a.ok ? null : a.nextAttemptAt,
        a.error ?? null,
        a.ok ? a.at : null,
        a.id,
      );
    },
    dueDeliveries: (now, limit) =>
      (q.due.all(now, limit) as DeliveryDbRow[]).map((row) => ({
        ...toDelivery(row),
        body: row.body,
      })),
    listDeliveries: (limit) => (q.listDeliveries.all(limit) as DeliveryDbRow[]).map(toDelivery),
  };
}
