import type { StationView, Ward } from '@wardwatch/shared';
import {
  equipmentFromApi,
  equipmentFromRecords,
  type EquipmentCell,
} from '../equipment/equipment-data.js';
import { isMissingRoute, type ApiClient } from './client.js';
import type { Incident, IncidentQuery } from './types.js';

/** Raw records this far back stand in for "ever seen" while there is no equipment route. */
export const EQUIPMENT_FALLBACK_MS = 3 * 3600_000;
const MAX_PAGES = 10;

export interface EquipmentResult {
  cells: EquipmentCell[];
  source: 'api' | 'records';
}

/** The equipment matrix from `/api/v1/equipment`, or derived from peripherals records. */
export async function loadEquipment(
  api: ApiClient,
  wards: readonly Ward[],
  stations: readonly StationView[],
  nowMs: number,
): Promise<EquipmentResult> {
  try {
    const cells = equipmentFromApi(await api.get<unknown>('/equipment'));
    if (cells) return { cells, source: 'api' };
  } catch (err) {
    if (!isMissingRoute(err)) throw err;
  }
  const records = await api.records({
    kind: 'peripherals',
    from: nowMs - EQUIPMENT_FALLBACK_MS,
    limit: 10_000,
  });
  return { cells: equipmentFromRecords(wards, stations, records), source: 'records' };
}

/** Every page of an incident query; null when the server has no incidents route. */
export async function loadIncidents(
  api: ApiClient,
  query: IncidentQuery,
): Promise<Incident[] | null> {
  try {
    const items: Incident[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const reply = await api.incidents(cursor === undefined ? query : { ...query, cursor });
      items.push(...reply.items);
      if (!reply.next) break;
      cursor = reply.next;
    }
    return items;
  } catch (err) {
    if (isMissingRoute(err)) return null;
    throw err;
  }
}
