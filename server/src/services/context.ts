import type { AgentRecord, IncidentChangeKind, Role } from '@wardwatch/shared';
import type { IncidentRow } from '../store/detector-store.js';
import type { StationRow, Store } from '../store/store.js';

export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** The logged-in console user acting through a request. */
export interface Actor {
  username: string;
  role: Role;
  wardId: string | null;
}

/** Live state the services read but do not own (which agents are connected now). */
export interface Presence {
  isOnline(stationId: string): boolean;
  /** Close a station's open agent connection now (revoked or rotated); returns how many. */
  disconnect?(stationId: string, reason: string): number;
}

/** Things that happened, for the live parts (agent hub, console hub) to react to. */
export interface DomainEvents {
  targetsChanged(wardId: string | null): void;
  stationChanged(station: StationRow): void;
  /** A batch was committed (not a duplicate); the detector takes it from here. */
  batchCommitted?(batch: CommittedBatch): void;
  /** Thresholds, maintenance windows or the calendar were edited. */
  detectorSettingsChanged?(): void;
  /** What `welcome` tells a ward's agents changed (null: every ward), beyond its targets. */
  agentConfigChanged?(wardId: string | null): void;
  /** Sessions were deleted (logout, a user changed or removed): live sockets on them go. */
  sessionsEnded?(): void;
  /** An incident changed outside the detector (acknowledged). */
  incidentChanged?(change: IncidentChangeKind, incident: IncidentRow): void;
}

export interface CommittedBatch {
  stationId: string;
  wardId: string;
  offsetMs: number;
  records: readonly AgentRecord[];
}

export interface ServiceContext {
  store: Store;
  clock: Clock;
  log: Logger;
  actor: Actor | null;
  presence: Presence;
  events: DomainEvents;
}

export interface ServiceCall<I> {
  ctx: ServiceContext;
  input: I;
}
