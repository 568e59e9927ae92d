import type {
  Channel,
  ChannelCreate,
  DetectedIncident,
  Delivery,
  Incident,
  IncidentChangeKind,
  IncidentKind,
  MaintenanceCreate,
  MaintenanceWindow,
  NotifyRule,
  TimelineEntry,
} from '@wardwatch/shared';

/** A stored incident: the API shape plus the detector's identity. */
export interface IncidentRow extends Incident {
  subject: string;
}

export interface IncidentFilter {
  from?: number;
  to?: number;
  wardId?: string;
  kind?: IncidentKind;
  open?: boolean;
  limit: number;
  /** Continue after this (startedAt, id), newest first. */
  after?: { startedAt: number; id: number };
}

export interface AppliedChange {
  change: IncidentChangeKind;
  row: IncidentRow;
}

export interface ChannelRow extends Channel {
  /** The full config, secrets included (never sent to browsers). */
  secretConfig: ChannelCreate['config'];
}

export interface DeliveryInput {
  channelId: number;
  createdAt: number;
  subject: string;
  body: string;
  incidentIds: number[];
}

/** Incidents, detector settings, maintenance and notifications (the detector's part of the port). */
export interface DetectorStore {
  /** Upsert (identity: subject, kind, startedAt) and retract incidents in one transaction. */
  applyIncidentChanges(c: {
    upserts: readonly DetectedIncident[];
    removes: readonly DetectedIncident[];
    at: number;
  }): AppliedChange[];
  listIncidents(filter: IncidentFilter): IncidentRow[];
  getIncident(id: number): IncidentRow | null;
  listOpenIncidents(): IncidentRow[];
  incidentTimeline(id: number): TimelineEntry[];
  acknowledgeIncident(a: {
    id: number;
    username: string;
    at: number;
    note?: string;
  }): IncidentRow | null;
  addIncidentNote(n: { id: number; username: string; at: number; text: string }): void;

  getSetting(key: string): unknown;
  setSetting(key: string, value: unknown, at: number): void;

  listMaintenance(): MaintenanceWindow[];
  createMaintenance(w: Required<MaintenanceCreate> & { createdAt: number }): MaintenanceWindow;
  deleteMaintenance(id: number): boolean;

  listChannels(): ChannelRow[];
  getChannel(id: number): ChannelRow | null;
  createChannel(c: ChannelCreate & { createdAt: number }): ChannelRow;
  deleteChannel(id: number): boolean;
  listRules(): NotifyRule[];
  createRule(r: Omit<NotifyRule, 'id'> & { createdAt: number }): NotifyRule;
  deleteRule(id: number): boolean;

  createDelivery(d: DeliveryInput): number;
  /** Record an attempt: sent, or failed with the next try (null: give up). */
  recordAttempt(a: {
    id: number;
    at: number;
    ok: boolean;
    error?: string;
    nextAttemptAt: number | null;
  }): void;
  dueDeliveries(now: number, limit: number): (Delivery & { body: string })[];
  listDeliveries(limit: number): Delivery[];
}
