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
  }): Promise<AppliedChange[]>;
  listIncidents(filter: IncidentFilter): Promise<IncidentRow[]>;
  getIncident(id: number): Promise<IncidentRow | null>;
  listOpenIncidents(): Promise<IncidentRow[]>;
  incidentTimeline(id: number): Promise<TimelineEntry[]>;
  acknowledgeIncident(a: {
    id: number;
    username: string;
    at: number;
    note?: string;
  }): Promise<IncidentRow | null>;
  addIncidentNote(n: { id: number; username: string; at: number; text: string }): Promise<void>;

  getSetting(key: string): Promise<unknown>;
  setSetting(key: string, value: unknown, at: number): Promise<void>;

  listMaintenance(): Promise<MaintenanceWindow[]>;
  createMaintenance(
    w: Required<MaintenanceCreate> & { createdAt: number },
  ): Promise<MaintenanceWindow>;
  deleteMaintenance(id: number): Promise<boolean>;

  listChannels(): Promise<ChannelRow[]>;
  getChannel(id: number): Promise<ChannelRow | null>;
  createChannel(c: ChannelCreate & { createdAt: number }): Promise<ChannelRow>;
  deleteChannel(id: number): Promise<boolean>;
  listRules(): Promise<NotifyRule[]>;
  createRule(r: Omit<NotifyRule, 'id'> & { createdAt: number }): Promise<NotifyRule>;
  deleteRule(id: number): Promise<boolean>;

  createDelivery(d: DeliveryInput): Promise<number>;
  /** Record an attempt: sent, or failed with the next try (null: give up). */
  recordAttempt(a: {
    id: number;
    at: number;
    ok: boolean;
    error?: string;
    nextAttemptAt: number | null;
  }): Promise<void>;
  dueDeliveries(now: number, limit: number): Promise<(Delivery & { body: string })[]>;
  listDeliveries(limit: number): Promise<Delivery[]>;
}
