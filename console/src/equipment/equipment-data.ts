import type { StationView, Ward } from '@wardwatch/shared';
import type { StoredRecordItem } from '../api/types.js';

/** The categories the requirement profile counts (DESIGN §4), in display order. */
export const EQUIPMENT_CATEGORIES = [
  'workstation',
  'fingerprint',
  'scanner',
  'card_reader',
] as const;
export type EquipmentCategory = (typeof EQUIPMENT_CATEGORIES)[number];
/** The peripherals a ward tile shows as icons. */
export const TILE_PERIPHERALS = ['fingerprint', 'scanner', 'card_reader'] as const;
export type PeripheralCategoryShown = (typeof TILE_PERIPHERALS)[number];

/** Default profile: one of each (a second workstation is recommended, not required). */
export const DEFAULT_REQUIRED: Readonly<Record<EquipmentCategory, number>> = {
  workstation: 1,
  fingerprint: 1,
  scanner: 1,
  card_reader: 1,
};

/** present: requirement met now; missing: was seen, not enough now; gap: never seen enough. */
export type DeviceState = 'present' | 'missing' | 'gap';

export interface EquipmentCell {
  wardId: string;
  category: EquipmentCategory;
  required: number;
  presentNow: number;
  everSeen: number;
  lastSeenAt: number | null;
}

export function cellState(
  c: Pick<EquipmentCell, 'required' | 'presentNow' | 'everSeen'>,
): DeviceState {
  const need = Math.max(1, c.required);
  if (c.presentNow >= need) return 'present';
  return c.everSeen > c.presentNow ? 'missing' : 'gap';
}

interface PeripheralDevice {
  category?: unknown;
}

function categoryCounts(record: StoredRecordItem): Map<string, number> {
  const counts = new Map<string, number>();
  const devices = Array.isArray(record.devices) ? (record.devices as PeripheralDevice[]) : [];
  for (const d of devices) {
    if (typeof d.category !== 'string') continue;
    counts.set(d.category, (counts.get(d.category) ?? 0) + 1);
  }
  return counts;
}

/**
 * The matrix from raw `peripherals` records (the fallback while the server has no
 * `/api/v1/equipment`): "now" is each station's latest list, "ever seen" the most devices of
 * a category any one list of that station held; stations add up per ward. Workstations are
 * the enrolled stations (ever seen) and the online ones (now).
 */
export function equipmentFromRecords(
  wards: readonly Ward[],
  stations: readonly StationView[],
  records: readonly StoredRecordItem[],
  required: Readonly<Record<EquipmentCategory, number>> = DEFAULT_REQUIRED,
): EquipmentCell[] {
  const stationWard = new Map(stations.map((s) => [s.id, s.wardId]));
  const latest = new Map<string, StoredRecordItem>();
  const maxSeen = new Map<string, Map<string, number>>();
  const lastSeen = new Map<string, number>();
  for (const r of records) {
    if (r.kind !== 'peripherals') continue;
    const prev = latest.get(r.stationId);
    if (!prev || r.t >= prev.t) latest.set(r.stationId, r);
    const seen = maxSeen.get(r.stationId) ?? new Map<string, number>();
    const wardId = stationWard.get(r.stationId);
    for (const [category, n] of categoryCounts(r)) {
      seen.set(category, Math.max(seen.get(category) ?? 0, n));
      if (wardId) {
        const key = `${wardId}\u0000${category}`;
        lastSeen.set(key, Math.max(lastSeen.get(key) ?? 0, r.t));
      }
    }
    maxSeen.set(r.stationId, seen);
  }

  const cells: EquipmentCell[] = [];
  for (const w of wards) {
    const own = stations.filter((s) => s.wardId === w.id);
    for (const category of EQUIPMENT_CATEGORIES) {
      if (category === 'workstation') {
        const seenAt = own.map((s) => s.lastSeenAt ?? 0).filter((t) => t > 0);
        cells.push({
          wardId: w.id,
          category,
          required: required[category],
          presentNow: own.filter((s) => s.online).length,
          everSeen: own.length,
          lastSeenAt: seenAt.length > 0 ? Math.max(...seenAt) : null,
        });
        continue;
      }
      let presentNow = 0;
      let everSeen = 0;
      for (const s of own) {
        const rec = latest.get(s.id);
        presentNow += rec ? (categoryCounts(rec).get(category) ?? 0) : 0;
        everSeen += maxSeen.get(s.id)?.get(category) ?? 0;
      }
      cells.push({
        wardId: w.id,
        category,
        required: required[category],
        presentNow,
        everSeen,
        lastSeenAt: lastSeen.get(`${w.id}\u0000${category}`) ?? null,
      });
    }
  }
  return cells;
}

const isCategory = (c: unknown): c is EquipmentCategory =>
  typeof c === 'string' && (EQUIPMENT_CATEGORIES as readonly string[]).includes(c);

/**
 * Reads `GET /api/v1/equipment` leniently: either `{items:[cell]}` or
 * `{wards:[{wardId, equipment:[cell without wardId]}]}` (the evidence report's shape).
 */
export function equipmentFromApi(reply: unknown): EquipmentCell[] | null {
  if (typeof reply !== 'object' || reply === null) return null;
  const r = reply as { items?: unknown; wards?: unknown };
  const rows: { wardId?: unknown; [k: string]: unknown }[] = [];
  if (Array.isArray(r.items)) rows.push(...(r.items as { wardId?: unknown }[]));
  else if (Array.isArray(r.wards)) {
    for (const w of r.wards as { wardId?: unknown; equipment?: unknown }[]) {
      if (!Array.isArray(w.equipment)) continue;
      for (const e of w.equipment as Record<string, unknown>[])
        rows.push({ ...e, wardId: w.wardId });
    }
  } else return null;
  const cells: EquipmentCell[] = [];
  for (const row of rows) {
    if (typeof row.wardId !== 'string' || !isCategory(row.category)) continue;
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
    cells.push({
      wardId: row.wardId,
      category: row.category,
      required: num(row.required),
      presentNow: num(row.presentNow),
      everSeen: num(row.everSeen),
      lastSeenAt: typeof row.lastSeenAt === 'number' ? row.lastSeenAt : null,
    });
  }
  return cells;
}

export interface CategoryTotals {
  category: EquipmentCategory;
  present: number;
  missing: number;
  gap: number;
  /** Wards meeting the requirement out of all wards. */
  wards: number;
}

export function categoryTotals(cells: readonly EquipmentCell[]): CategoryTotals[] {
  return EQUIPMENT_CATEGORIES.map((category) => {
    const own = cells.filter((c) => c.category === category);
    const states = own.map(cellState);
    return {
      category,
      present: states.filter((s) => s === 'present').length,
      missing: states.filter((s) => s === 'missing').length,
      gap: states.filter((s) => s === 'gap').length,
      wards: own.length,
    };
  });
}

/** Per ward, the state of each tile peripheral. */
export function deviceStatesByWard(
  cells: readonly EquipmentCell[],
): Map<string, Map<PeripheralCategoryShown, DeviceState>> {
  const out = new Map<string, Map<PeripheralCategoryShown, DeviceState>>();
  for (const c of cells) {
    if (c.category === 'workstation') continue;
    const m = out.get(c.wardId) ?? new Map<PeripheralCategoryShown, DeviceState>();
    m.set(c.category, cellState(c));
    out.set(c.wardId, m);
  }
  return out;
}
