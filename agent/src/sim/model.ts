import type {
  Device,
  PeripheralCategory,
  PeripheralsRecord,
  ProbeRecord,
  SysRecord,
  Target,
} from '@wardwatch/shared';
import { hashUnit } from './prng.js';
import { activeFaults, type Scenario } from './scenario.js';

/** What the simulator needs to know about one simulated station. */
export interface SimStation {
  stationId: string;
  wardId: string;
}

const ECHOES = 4;

/** Devices a ward has per the city report: a fingerprint reader and a card reader, no scanner. */
const WARD_DEVICES: Record<'fingerprint' | 'card_reader' | 'scanner', Omit<Device, 'serial'>> = {
  fingerprint: {
    vid: '1162',
    pid: '2200',
    vendor: 'SecuGen',
    product: 'Hamster Pro 20',
    category: 'fingerprint',
  },
  card_reader: {
    vid: '072f',
    pid: 'b100',
    vendor: 'ACS',
    product: 'ACR39U',
    category: 'card_reader',
  },
  scanner: {
    vid: '1083',
    pid: '1658',
    vendor: 'Canon Electronics',
    product: 'DR-C225',
    category: 'scanner',
  },
};

export function isPoweredOff(scenario: Scenario, wardId: string, minute: number): boolean {
  return activeFaults(scenario, wardId, minute).some((f) => f.kind === 'power_off');
}

/** Whether `target` fails for this ward at `minute` under the scenario. */
export function isTargetDown(
  scenario: Scenario,
  wardId: string,
  target: Target,
  minute: number,
): boolean {
  return activeFaults(scenario, wardId, minute).some(
    (f) => f.kind === 'line_down' || (f.kind === 'upstream_outage' && f.target === target.id),
  );
}

/**
 * One synthetic probe round. Each ward has its own base latency (5–45 ms to the centre, a few
 * ms to its gateway), jittered; rounds lose an echo now and then; a failing target loses all.
 */
export function synthesizeProbe(
  station: SimStation,
  target: Target,
  at: number,
  minute: number,
  scenario: Scenario,
  random: () => number,
): ProbeRecord {
  const base = { kind: 'probe' as const, at, target: target.id, probe: target.probe };
  if (isTargetDown(scenario, station.wardId, target, minute)) {
    return { ...base, ok: false, sent: ECHOES, received: 0, lossPct: 100, error: 'timeout' };
  }
  const isGateway = target.id === 'gateway';
  const baseMs = isGateway
    ? 1 + 2 * hashUnit(station.wardId)
    : 5 + 40 * hashUnit(station.wardId + target.id);
  const samples: number[] = [];
  for (let i = 0; i < ECHOES; i++) {
    if (random() < 0.01) continue; // an occasional lost echo
    samples.push(baseMs * (0.85 + 0.5 * random()));
  }
  if (samples.length === 0) {
    return { ...base, ok: false, sent: ECHOES, received: 0, lossPct: 100, error: 'timeout' };
  }
  const avg = samples.reduce((a, b) => a + b, 0) / samples.length;
  const mdev = Math.sqrt(samples.reduce((a, b) => a + (b - avg) ** 2, 0) / samples.length);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    ...base,
    ok: true,
    rttMs: {
      min: round(Math.min(...samples)),
      avg: round(avg),
      max: round(Math.max(...samples)),
      mdev: round(mdev),
    },
    sent: ECHOES,
    received: samples.length,
    lossPct: round((100 * (ECHOES - samples.length)) / ECHOES),
  };
}

export function synthesizeSys(at: number, uptimeSec: number, random: () => number): SysRecord {
  const memTotalBytes = 8 * 1024 ** 3;
  return {
    kind: 'sys',
    at,
    cpuPct: Math.round((5 + 30 * random()) * 10) / 10,
    memUsedBytes: Math.round(memTotalBytes * (0.45 + 0.3 * random())),
    memTotalBytes,
    disks: [{ mount: 'C:\\', usedBytes: 180 * 1024 ** 3, sizeBytes: 256 * 1024 ** 3 }],
    uptimeSec: Math.round(uptimeSec),
  };
}

/** The full device list of a simulated ward's workstation at `minute`. */
export function synthesizePeripherals(
  station: SimStation,
  at: number,
  minute: number,
  scenario: Scenario,
): PeripheralsRecord {
  const unplugged = new Set<PeripheralCategory>(
    activeFaults(scenario, station.wardId, minute).flatMap((f) =>
      f.kind === 'unplug' ? [f.category] : [],
    ),
  );
  const categories: (keyof typeof WARD_DEVICES)[] = ['fingerprint', 'card_reader'];
  if (scenario.wardsWithScanner?.includes(station.wardId)) categories.push('scanner');
  const devices = categories
    .filter((c) => !unplugged.has(c))
    .map((c) => ({ ...WARD_DEVICES[c], serial: `${station.stationId}-${c}` }));
  return { kind: 'peripherals', at, devices };
}
