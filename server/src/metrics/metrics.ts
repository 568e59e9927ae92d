import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CommittedBatch, ServiceContext } from '../services/context.js';
import { OutboxBacklogs } from './outbox-backlog.js';
import type { WardAvailability } from './ward-availability.js';

/** Live counts the metrics read at scrape time (the agent and console hubs). */
export interface MetricsSources {
  context(): ServiceContext;
  connectedAgents(): number;
  connectedConsoles(): number;
  /** Per-ward availability over the last 24 h (an evidence computation: the report worker's). */
  wardAvailability(): Promise<WardAvailability[]>;
}

// Availability runs the evidence computation: at most once a minute however often Prometheus
// scrapes.
const AVAILABILITY_CACHE_MS = 60_000;

/**
 * Prometheus metrics of one app: its own registry (tests build several apps in one process),
 * counters fed by ingest, gauges read at scrape time through async collect().
 */
export class WardWatchMetrics {
  readonly registry = new Registry();
  private readonly backlogs = new OutboxBacklogs();
  private readonly records: Counter<'kind'>;
  private readonly batches: Counter;
  private readonly rejected: Counter<'code'>;
  private readonly commitSeconds: Histogram;
  private availability: { at: number; rows: Promise<WardAvailability[]> } | null = null;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'wardwatch_' });
    this.records = new Counter({
      name: 'wardwatch_records_ingested_total',
      help: 'Agent records committed (replays not counted), by record kind.',
      labelNames: ['kind'],
      registers,
    });
    this.batches = new Counter({
      name: 'wardwatch_batches_ingested_total',
      help: 'Agent batches committed (replays not counted).',
      registers,
    });
    this.rejected = new Counter({
      name: 'wardwatch_frames_rejected_total',
      help: 'Agent frames answered with an error frame (the connection is closed), by code.',
      labelNames: ['code'],
      registers,
    });
    this.commitSeconds = new Histogram({
      name: 'wardwatch_batch_commit_seconds',
      help: 'From receiving a batch to its commit (when the ack goes out).',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    new Gauge({
      name: 'wardwatch_connected_agents',
      help: 'Agents connected to this instance (greeted).',
      registers,
      collect() {
        this.set(sources.connectedAgents());
      },
    });
    new Gauge({
      name: 'wardwatch_connected_consoles',
      help: 'Console live connections (/ws/console) on this instance.',
      registers,
      collect() {
        this.set(sources.connectedConsoles());
      },
    });
    new Gauge({
      name: 'wardwatch_open_incidents',
      help: 'Open incidents, by kind and attribution.',
      labelNames: ['kind', 'attribution'],
      registers,
      async collect() {
        const open = await sources.context().store.listOpenIncidents();
        this.reset();
        for (const i of open) this.inc({ kind: i.kind, attribution: i.attribution });
      },
    });
    const availabilityOf = () => this.wardAvailability(sources);
    new Gauge({
      name: 'wardwatch_ward_availability_ratio',
      help: 'Availability 0-1 per ward over the last 24 h (hours="all" or "office"; refreshed each minute).',
      labelNames: ['ward', 'hours'],
      registers,
      async collect() {
        const rows = await availabilityOf();
        this.reset();
        for (const r of rows) {
          this.set({ ward: r.wardId, hours: 'all' }, r.allHours);
          if (r.officeHours !== null) this.set({ ward: r.wardId, hours: 'office' }, r.officeHours);
        }
      },
    });
    const backlogs = this.backlogs;
    new Gauge({
      name: 'wardwatch_agent_outbox_backlog_bytes',
      help: 'Unsent bytes in an agent outbox, as the agent last reported (outbox event).',
      labelNames: ['station'],
      registers,
      collect() {
        this.reset();
        for (const [station, b] of backlogs.entries()) this.set({ station }, b.bytes);
      },
    });
    new Gauge({
      name: 'wardwatch_agent_outbox_backlog_batches',
      help: 'Unacknowledged batches in an agent outbox, as the agent last reported.',
      labelNames: ['station'],
      registers,
      collect() {
        this.reset();
        for (const [station, b] of backlogs.entries()) this.set({ station }, b.batches);
      },
    });
  }

  /** A batch was committed (not a replay). */
  batchCommitted(batch: CommittedBatch): void {
    this.batches.inc();
    const byKind = new Map<string, number>();
    for (const r of batch.records) byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
    for (const [kind, n] of byKind) this.records.inc({ kind }, n);
    this.backlogs.note(batch.stationId, batch.records);
  }

  frameRejected(code: string): void {
    this.rejected.inc({ code });
  }

  batchCommitDuration(seconds: number): void {
    this.commitSeconds.observe(seconds);
  }

  private wardAvailability(sources: MetricsSources): Promise<WardAvailability[]> {
    const ctx = sources.context();
    const now = ctx.clock.now();
    if (!this.availability || now - this.availability.at >= AVAILABILITY_CACHE_MS) {
      const rows = sources.wardAvailability().catch((err: unknown) => {
        ctx.log.warn({ err }, 'availability for metrics failed');
        this.availability = null;
        return [];
      });
      this.availability = { at: now, rows };
    }
    return this.availability.rows;
  }

  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
