import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../services/context.js';
import { LocalBus, type ClusterBus } from './bus.js';
import { PgLease, SoleLease, type Lease } from './lease.js';
import { PgBus } from './pg-bus.js';
import { parsePgUrl, type PgTarget } from '../store/postgres/pg-db.js';

/** A follower tries for the lease this often (and the leader checks its connection). */
export const LEASE_RETRY_MS = 2_000;
/** Instances re-announce their agents this often; 3× silent and the announcement expires. */
export const PRESENCE_ANNOUNCE_MS = 5_000;

export interface ClusterParts {
  instanceId: string;
  bus: ClusterBus;
  lease: Lease;
  /** The shared database (null on SQLite: one instance, in-process everything). */
  target: PgTarget | null;
}

/** A name unique per process and readable in logs and pg_stat_activity. */
export const newInstanceId = () =>
  `${hostname().slice(0, 20)}-${process.pid}-${randomBytes(3).toString('hex')}`;

/** PostgreSQL: a LISTEN/NOTIFY bus and an advisory-lock lease; SQLite: one sole instance. */
export function clusterFor(pgUrl: string | null, log: Logger): ClusterParts {
  const instanceId = newInstanceId();
  if (pgUrl === null) {
    return { instanceId, bus: new LocalBus(instanceId), lease: new SoleLease(), target: null };
  }
  const target = parsePgUrl(pgUrl);
  return {
    instanceId,
    target,
    bus: new PgBus({ target, instanceId, log }),
    lease: new PgLease({ target, instanceId, log, retryMs: LEASE_RETRY_MS }),
  };
}
