import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { MAX_FRAME_BYTES } from '@wardwatch/shared';
import type { IncidentChangeKind } from '@wardwatch/shared';
import { ClusterPresence, type PresenceTransition } from './cluster/cluster-presence.js';
import { LeaderDuties, type Duty } from './cluster/leader-duties.js';
import { RecordsFeed } from './cluster/records-feed.js';
import { PRESENCE_ANNOUNCE_MS, clusterFor, type ClusterParts } from './cluster/setup.js';
import { StationFanout } from './cluster/station-fanout.js';
import type { Config } from './config.js';
import { DetectorShell } from './detector/detector-shell.js';
import { isAppError } from './errors.js';
import { agentIngestRoutes, pushConfig } from './ingest/agent-socket.js';
import { BatchCommitter } from './ingest/batch-committer.js';
import { AgentHub } from './live/agent-hub.js';
import { ConsoleHub } from './live/console-hub.js';
import { consoleSocketRoutes } from './live/console-socket.js';
import { WardWatchMetrics } from './metrics/metrics.js';
import { NotificationDispatcher } from './notifiers/dispatcher.js';
import { consoleCacheControl } from './plugins/console-cache.js';
import { installAuth } from './plugins/auth.js';
import { resolveSession } from './services/auth/resolve-session.js';
import {
  collectRoutes,
  installSecurityHeaders,
  type RegisteredRoute,
} from './plugins/security-headers.js';
import auditRoutes from './routes/audit/index.js';
import stationCredentialRoutes from './routes/stations/credentials.js';
import userRoutes from './routes/users/index.js';
import authRoutes from './routes/auth/index.js';
import calendarRoutes from './routes/calendar/index.js';
import type { RouteDeps } from './routes/deps.js';
import enrollmentRoutes from './routes/enrollment/index.js';
import healthRoutes from './routes/health/index.js';
import incidentRoutes from './routes/incidents/index.js';
import maintenanceRoutes from './routes/maintenance/index.js';
import metricsRoutes from './routes/metrics/index.js';
import notificationRoutes from './routes/notifications/index.js';
import openApiRoutes, { registerOpenApi } from './routes/openapi/index.js';
import recordRoutes from './routes/records/index.js';
import seriesRoutes from './routes/series/index.js';
import settingsRoutes from './routes/settings/index.js';
import stationRoutes from './routes/stations/index.js';
import targetRoutes from './routes/targets/index.js';
import wardRoutes from './routes/wards/index.js';
import {
  systemClock,
  type Clock,
  type DomainEvents,
  type ServiceContext,
} from './services/context.js';
import { toIncident } from './services/incidents/list-incidents.js';
import { ensureAdmin } from './services/users/ensure-admin.js';
import { reportRunnerFor, type ReportRunner } from './reports/report-runner.js';
import { RetentionJob } from './reports/retention.js';
import { RollupWriter } from './reports/rollup-writer.js';
import reportRoutes from './routes/reports/index.js';
import type { IncidentRow } from './store/detector-store.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/store.js';

export interface AppDeps {
  /** Defaults to the store named by `config.db`. */
  store?: Store;
  clock?: Clock;
  /** Defaults to one sole instance (SQLite) or the PostgreSQL bus and lease. */
  cluster?: ClusterParts;
  /**
   * Defaults to a worker thread on `config.db` (in-process for an injected store, which may
   * not be that database, or when running from sources). Closed with the app.
   */
  reports?: ReportRunner;
}

/** Live parts of a running app, for main.ts and tests. */
export interface WardWatchRuntime {
  store: Store;
  agents: AgentHub;
  consoles: ConsoleHub;
  cluster: ClusterParts;
  /** The detector, rollups, retention and notifications while this instance leads. */
  leader: LeaderDuties<Record<string, Duty>>;
  /** Set only when this start created `admin` with a random password (print it once). */
  generatedAdminPassword: string | null;
  /** Every registered route (method + url), for the authorization matrix test. */
  routes: readonly RegisteredRoute[];
}

declare module 'fastify' {
  interface FastifyInstance {
    wardwatch: WardWatchRuntime;
  }
}

// Beyond the protocol cap so an oversize frame still gets an `error` frame before the close;
// ws itself drops anything past this hard cap (close 1009, no error frame).
const WS_HARD_MAX_PAYLOAD = 2 * MAX_FRAME_BYTES;
const HELLO_TIMEOUT_MS = 10_000;
// Reports flush first, so only the availability metric sees rollups up to this old; each
// flush rewrites every bucket changed since the last (at 5 s: every station's, twice a batch).
const ROLLUP_FLUSH_MS = 30_000;
// One write transaction per tick for every agent's batches (docs/benchmarks.md).
const COMMIT_TICK_MS = 20;
const COMMIT_MAX_BATCHES = 200;
// Dead links found within ~11 s (DESIGN §6: a cut on the console within 15 s); the agent's own
// ping every 15 s keeps a healthy idle connection from being pinged more than every 6 s.
const AGENT_LIVENESS = { sweepMs: 1000, silentPingMs: 6000, deadAfterMs: 10_000 };
// The leader's records feed (shared database only): poll often, since detection waits on it.
const FEED_POLL_MS = 250;
// How soon an open console page loses a session ended on another instance (on this one: at once).
const CONSOLE_SESSION_RECHECK_MS = 15_000;
const FEED_PAGE_ROWS = 5_000;
const FEED_CURSOR_KEY = 'cluster.feedCursor';

export async function buildApp(config: Config, deps: AppDeps = {}): Promise<FastifyInstance> {
  const tls =
    config.tlsCert !== null && config.tlsKey !== null
      ? { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) }
      : null;
  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: MAX_FRAME_BYTES,
    // Slow clients: a request must arrive whole within 30 s; idle keep-alives end after 5 s.
    requestTimeout: 30_000,
    connectionTimeout: 0,
    keepAliveTimeout: 5_000,
    // req.ip (and protocol/host) from X-Forwarded-* only when the peer is a listed proxy; every
    // per-address rule (agent cap, login throttle, /metrics loopback) reads req.ip.
    trustProxy: config.trustProxy.length > 0 ? [...config.trustProxy] : false,
    ...(tls && { https: tls }),
  }).withTypeProvider<TypeBoxTypeProvider>();
  const routes = collectRoutes(app);
  app.setValidatorCompiler(TypeBoxValidatorCompiler);

  const store = deps.store ?? (await openStore(config.db.url));
  const clock = deps.clock ?? systemClock;
  const log = app.log;

  // Several instances on one PostgreSQL share live events (bus) and elect one leader
  // (lease) for the once-per-cluster work; on SQLite there is one instance and both are free.
  const cluster =
    deps.cluster ?? clusterFor(config.db.kind === 'postgres' ? config.db.url : null, log);
  const { bus } = cluster;
  // Created before wiring because each needs the other through events.
  let consoles: ConsoleHub | null = null;
  let agents: AgentHub | null = null;
  const fanout = new StationFanout({ bus, flushMs: config.consoleFlushMs });
  const incidentChanged = (change: IncidentChangeKind, row: IncidentRow) => {
    consoles?.incidentChanged(change, toIncident(row));
    bus.publish({ type: 'incident', change, id: row.id });
  };
  // The once-per-cluster work (detector, notifications, report rollups, retention), off the
  // ingest path, on their own timers; the instance holding the lease runs it.
  const leader = new LeaderDuties({
    log,
    create: () => {
      const notifier = new NotificationDispatcher({
        store,
        clock,
        log,
        digestWindowMs: config.notifyDigestMs,
        retryBaseMs: config.notifyRetryBaseMs,
        maxAttempts: config.notifyMaxAttempts,
        sendTimeoutMs: 10_000,
      });
      const detector = new DetectorShell({
        store,
        clock,
        log,
        tickMs: config.detectorTickMs,
        onChanges: (applied) => {
          for (const { change, row } of applied) incidentChanged(change, row);
          notifier.push(applied);
        },
      });
      const rollups = new RollupWriter({ store, clock, log, flushMs: ROLLUP_FLUSH_MS });
      const retention = new RetentionJob({
        store,
        clock,
        log,
        intervalMs: 10 * 60_000,
        chunk: 2_000,
      });
      const duties = { detector, rollups, retention, notifier };
      if (!cluster.target) return duties;
      // Shared database: the leader reads what EVERY instance committed, in commit order.
      const feed = new RecordsFeed({
        target: cluster.target,
        log,
        pollMs: FEED_POLL_MS,
        pageRows: FEED_PAGE_ROWS,
        checkpointMs: 5_000,
        loadCursor: async () => {
          const v = await store.getSetting(FEED_CURSOR_KEY);
          return typeof v === 'number' ? v : null;
        },
        // Rollups first: the stored cursor never runs ahead of what they hold.
        saveCursor: async (cursor) => {
          await rollups.flush();
          await store.setSetting(FEED_CURSOR_KEY, cursor, clock.now());
        },
        onBatches: (batches) => {
          for (const b of batches) {
            detector.enqueue(b);
            rollups.enqueue(b);
          }
        },
      });
      return { ...duties, feed };
    },
  });
  const reloadDetector = () => leader.current?.detector.reloadConfig();
  // Evidence reports and the availability gauge: off the event loop that acks batches.
  const reports = deps.reports ?? reportRunnerFor(deps.store ? null : config.db, store, log);
  const onlineStations = () => presence.onlineStationIds();
  const metrics = new WardWatchMetrics({
    context: () => baseContext(),
    connectedAgents: () => agents?.size ?? 0,
    connectedConsoles: () => consoles?.size ?? 0,
    wardAvailability: () =>
      reports.run('availability', { now: clock.now(), online: onlineStations() }),
  });
  // Config pushes go out one after another, so a later edit's welcome is never overtaken.
  let configPush: Promise<void> = Promise.resolve();
  const pushConfigSerially = (wardId: string | null) => {
    const hub = agents;
    if (!hub) return;
    configPush = configPush
      .then(() => pushConfig(hub, baseContext(), wardId))
      .catch((err: unknown) => log.error({ err, wardId }, 'pushing agent config failed'));
  };
  const events: DomainEvents = {
    stationChanged: (row) => {
      consoles?.stationChanged(row);
      fanout.stationChanged(row);
    },
    targetsChanged: (wardId) => {
      reloadDetector();
      pushConfigSerially(wardId);
      bus.publish({ type: 'targets', wardId });
    },
    batchCommitted: (batch) => {
      // This instance's ingest rates; the detector and rollups are the leader's.
      metrics.batchCommitted(batch);
      // With a shared database the leader's records feed delivers every instance's batches.
      if (cluster.target) return;
      leader.current?.detector.enqueue(batch);
      leader.current?.rollups.enqueue(batch);
    },
    // Open console sockets on the ended sessions close now (other instances: at their recheck).
    sessionsEnded: () => void consoles?.recheckSessions(),
    detectorSettingsChanged: () => {
      reloadDetector();
      bus.publish({ type: 'detector_settings' });
    },
    agentConfigChanged: (wardId) => {
      pushConfigSerially(wardId);
      bus.publish({ type: 'agent_config', wardId });
    },
    incidentChanged,
  };
  const onPresence = ({ stationId, wardId, online, lastContactAt }: PresenceTransition) => {
    const detector = leader.current?.detector;
    if (online) detector?.stationConnected(stationId);
    else detector?.stationDisconnected(stationId, wardId, lastContactAt);
    store
      .getStationRow(stationId)
      .then((row) => row && consoles?.stationChanged(row))
      .catch((err: unknown) => log.error({ err, stationId }, 'station presence update failed'));
  };
  agents = new AgentHub({
    pingIntervalMs: config.agentPingIntervalMs,
    liveness: AGENT_LIVENESS,
    now: clock.now,
    onPresenceChange: (stationId) => {
      const conn = agents?.get(stationId);
      if (conn) presence.localConnected(conn);
    },
    onDisconnect: (conn) => presence.localDisconnected(conn),
  });
  const presence = new ClusterPresence({
    local: agents,
    bus,
    now: clock.now,
    announceMs: PRESENCE_ANNOUNCE_MS,
    onTransition: onPresence,
  });
  consoles = new ConsoleHub({
    flushMs: config.consoleFlushMs,
    presence,
    now: clock.now,
    sessionOf: async (sessionToken) => {
      const s = await resolveSession({ ctx: baseContext(), input: { sessionToken } });
      return s && { username: s.username, role: s.role, wardId: s.wardId };
    },
    recheckMs: CONSOLE_SESSION_RECHECK_MS,
  });
  bus.subscribe((event) => {
    switch (event.type) {
      case 'stations':
        for (const row of event.rows) consoles?.stationChanged(row);
        return;
      case 'incident':
        store
          .getIncident(event.id)
          .then((row) => row && consoles?.incidentChanged(event.change, toIncident(row)))
          .catch((err: unknown) => log.error({ err, id: event.id }, 'loading an incident failed'));
        return;
      case 'targets':
        reloadDetector();
        pushConfigSerially(event.wardId);
        return;
      case 'detector_settings':
        reloadDetector();
        return;
      case 'agent_config':
        pushConfigSerially(event.wardId);
        return;
      case 'presence':
      case 'presence_query':
      case 'disconnect':
        return; // ClusterPresence's own
      default: {
        const never: never = event;
        throw new Error(`unhandled cluster event ${JSON.stringify(never)}`);
      }
    }
  });
  const baseContext = (): ServiceContext => ({
    store,
    clock,
    log,
    actor: null,
    presence,
    events,
  });

  const { generatedPassword } = await ensureAdmin({
    ctx: baseContext(),
    input: { password: config.adminPassword },
  });
  app.decorate('wardwatch', {
    store,
    agents,
    consoles,
    cluster,
    leader,
    generatedAdminPassword: generatedPassword,
    routes,
  } satisfies WardWatchRuntime);

  const committer = new BatchCommitter({
    context: baseContext,
    tickMs: COMMIT_TICK_MS,
    maxBatches: COMMIT_MAX_BATCHES,
  });
  const runtime = { agents, consoles };
  app.addHook('onClose', async () => {
    runtime.agents.stop();
    // What was received is committed before the store closes (its acks are lost; agents resend).
    await committer.stop();
    presence.stop();
    fanout.stop();
    // Stopping the lease stops the leader's duties (and releases the lock for another instance).
    await cluster.lease.stop();
    await bus.stop();
    await configPush;
    runtime.consoles.stop();
    await reports.close();
    await store.close();
  });
  await bus.start();
  agents.start();
  presence.start();
  await cluster.lease.start((isLeader) => leader.lead(isLeader));

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (isAppError(err)) {
      return reply.status(err.status).send({ error: { code: err.code, message: err.message } });
    }
    if (err.validation) {
      return reply.status(400).send({ error: { code: 'invalid', message: err.message } });
    }
    if (err.code === 'SQLITE_FULL') {
      req.log.error({ err }, 'database disk is full');
      return reply
        .status(507)
        .send({ error: { code: 'storage_full', message: 'database disk is full' } });
    }
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status < 500) {
      return reply
        .status(status)
        .send({ error: { code: err.code ?? 'bad_request', message: err.message } });
    }
    req.log.error({ err }, 'request failed');
    return reply.status(status).send({ error: { code: 'internal', message: 'internal error' } });
  });

  installSecurityHeaders(app, { hsts: tls !== null });
  await registerOpenApi(app);
  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, {
    options: { maxPayload: WS_HARD_MAX_PAYLOAD },
    // Say "going away" (1001) so agents and consoles reconnect instead of reporting an error.
    preClose(this: FastifyInstance, done: () => void) {
      for (const client of this.websocketServer.clients) {
        client.close(1001, 'server shutting down');
      }
      this.websocketServer.close(() => done());
    },
  });
  installAuth(app, { baseContext });

  const routeDeps: RouteDeps = {
    config,
    ctxFor: (req: FastifyRequest) => ({ ...baseContext(), actor: req.actor }),
  };
  for (const routes of [
    healthRoutes,
    authRoutes,
    wardRoutes,
    enrollmentRoutes,
    stationRoutes,
    targetRoutes,
    recordRoutes,
    seriesRoutes,
    incidentRoutes,
    maintenanceRoutes,
    calendarRoutes,
    settingsRoutes,
    notificationRoutes,
    userRoutes,
    auditRoutes,
    stationCredentialRoutes,
  ]) {
    await app.register(routes, routeDeps);
  }
  await app.register(reportRoutes, {
    ...routeDeps,
    rollups: { flush: () => leader.current?.rollups.flush() },
    reports,
    onlineStations,
  });
  await app.register(metricsRoutes, { ...routeDeps, metrics });
  await app.register(openApiRoutes);
  await app.register(agentIngestRoutes, {
    baseContext,
    agents,
    committer,
    metrics,
    helloTimeoutMs: HELLO_TIMEOUT_MS,
    maxConnectionsPerIp: config.maxAgentConnectionsPerIp,
  });
  await app.register(consoleSocketRoutes, { baseContext, consoles });

  const consoleDir = resolve(config.consoleDir);
  const hasConsole = existsSync(resolve(consoleDir, 'index.html'));
  if (hasConsole) {
    await app.register(fastifyStatic, {
      root: consoleDir,
      prefix: '/',
      // The console build writes .br/.gz beside each file (console/scripts/precompress.mjs):
      // no compression work per request, and far fewer bytes while agents keep the CPU busy.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, path) => {
        reply.header('cache-control', consoleCacheControl(relative(consoleDir, path)));
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    const isApi = req.url.startsWith('/api/') || req.url.startsWith('/ws/');
    // The console is a single-page app: unknown page paths get its index.html.
    if (hasConsole && !isApi && (req.method === 'GET' || req.method === 'HEAD')) {
      return reply.sendFile('index.html');
    }
    return reply
      .status(404)
      .send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url}` } });
  });

  return app;
}
