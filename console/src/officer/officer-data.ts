import type { StationView } from '@wardwatch/shared';
import type { IncidentItem } from '../api/types.js';
import {
  cellState,
  TILE_PERIPHERALS,
  type DeviceState,
  type EquipmentCell,
  type PeripheralCategoryShown,
} from '../equipment/equipment-data.js';

/** The line as an officer understands it. */
export type LineState = 'ok' | 'slow' | 'down' | 'central' | 'no_station';

/** What to do next, most urgent first; each names a catalog entry of plain instructions. */
export type Advice =
  | 'check_power'
  | 'check_cable'
  | 'wait_central'
  | 'line_slow'
  | 'plug_device'
  | 'request_device'
  | 'call_it'
  | 'all_good';

export interface OfficerDevice {
  category: PeripheralCategoryShown;
  state: DeviceState;
  lastSeenAt: number | null;
}

export interface OfficerStatus {
  line: LineState;
  station: StationView | null;
  devices: OfficerDevice[];
  advice: Advice[];
}

export function officerStatus(
  stations: readonly StationView[],
  openIncidents: readonly IncidentItem[],
  equipment: readonly EquipmentCell[],
): OfficerStatus {
  const station = stations.find((s) => s.online) ?? stations[0] ?? null;
  const open = openIncidents.filter((i) => i.endedAt === null);
  const has = (pred: (i: IncidentItem) => boolean) => open.some(pred);

  let line: LineState;
  if (!station) line = 'no_station';
  else if (!station.online || has((i) => i.kind === 'station_offline')) line = 'down';
  else if (has((i) => i.kind === 'link_down' && i.attribution === 'upstream')) line = 'central';
  else if (has((i) => i.kind === 'link_down')) line = 'down';
  else if (has((i) => i.kind === 'link_degraded' || i.kind === 'session_unstable')) line = 'slow';
  else if (station.lastProbeOk === false) line = 'down';
  else line = 'ok';

  const devices: OfficerDevice[] = TILE_PERIPHERALS.map((category) => {
    const cell = equipment.find((c) => c.category === category);
    return {
      category,
      state: cell ? cellState(cell) : 'gap',
      lastSeenAt: cell?.lastSeenAt ?? null,
    };
  });

  const advice: Advice[] = [];
  if (line === 'no_station') advice.push('call_it');
  if (station && !station.online) advice.push('check_power');
  if (line === 'down' && station?.online) advice.push('check_cable');
  if (line === 'central') advice.push('wait_central');
  if (line === 'slow') advice.push('line_slow');
  if (devices.some((d) => d.state === 'missing')) advice.push('plug_device');
  if (devices.some((d) => d.state === 'gap')) advice.push('request_device');
  if (advice.length === 0) advice.push('all_good');
  return { line, station, devices, advice };
}
