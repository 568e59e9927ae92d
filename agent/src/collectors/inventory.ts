import si from 'systeminformation';
import type { EventRecord } from '@wardwatch/shared';

const MAX_DETAIL = 16_384;

async function within<T>(work: Promise<T>, ms: number): Promise<T | { error: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ error: string }>((resolve) => {
    timer = setTimeout(() => resolve({ error: 'timeout' }), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work.catch((e: unknown) => ({ error: String(e) })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Static inventory (OS, machine, CPU, printers) at start and daily, as an `inventory` event. systeminformation
 * shells out (PowerShell on Windows) and can hang, so each call has its own deadline.
 */
export async function collectInventory(at: number, deadlineMs = 10_000): Promise<EventRecord> {
  const [osInfo, system, cpu, printers] = await Promise.all([
    within(
      si.osInfo().then((o) => ({
        platform: o.platform,
        distro: o.distro,
        release: o.release,
        build: o.build,
        arch: o.arch,
        hostname: o.hostname,
      })),
      deadlineMs,
    ),
    within(
      si
        .system()
        .then((s) => ({ manufacturer: s.manufacturer, model: s.model, virtual: s.virtual })),
      deadlineMs,
    ),
    within(
      si.cpu().then((c) => ({
        manufacturer: c.manufacturer,
        brand: c.brand,
        cores: c.cores,
        physicalCores: c.physicalCores,
        speedGHz: c.speed,
      })),
      deadlineMs,
    ),
    within(
      si.printer().then((list) =>
        list.slice(0, 32).map((p) => ({
          name: p.name,
          model: p.model,
          status: p.status,
          local: p.local,
          default: p.default,
        })),
      ),
      deadlineMs,
    ),
  ]);
  let detail = JSON.stringify({ os: osInfo, system, cpu, printers });
  if (detail.length > MAX_DETAIL) detail = detail.slice(0, MAX_DETAIL);
  return { kind: 'event', at, name: 'inventory', detail };
}
