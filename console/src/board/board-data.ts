import type { StationView, Ward } from '@wardwatch/shared';

export interface WardGroup {
  id: string;
  name: string;
  stations: StationView[];
  online: number;
}

export interface Summary {
  online: number;
  total: number;
}

/**
 * Wards in the order the server lists them, each with its stations sorted by hostname.
 * A station whose ward is not (yet) in the list still shows, under its ward id.
 */
export function groupByWard(wards: readonly Ward[], stations: Iterable<StationView>): WardGroup[] {
  const groups = new Map<string, WardGroup>();
  for (const w of wards) groups.set(w.id, { id: w.id, name: w.name, stations: [], online: 0 });
  const strays: WardGroup[] = [];
  for (const s of stations) {
    let group = groups.get(s.wardId);
    if (!group) {
      group = { id: s.wardId, name: s.wardId, stations: [], online: 0 };
      groups.set(s.wardId, group);
      strays.push(group);
    }
    group.stations.push(s);
    if (s.online) group.online++;
  }
  for (const g of groups.values()) {
    g.stations.sort((a, b) => a.hostname.localeCompare(b.hostname) || a.id.localeCompare(b.id));
  }
  strays.sort((a, b) => a.id.localeCompare(b.id));
  return [...wards.map((w) => groups.get(w.id)).filter((g) => g !== undefined), ...strays];
}

export function summarize(stations: Iterable<StationView>): Summary {
  let online = 0;
  let total = 0;
  for (const s of stations) {
    total++;
    if (s.online) online++;
  }
  return { online, total };
}

/** Lower case without diacritics, so "tinh an" finds "Tịnh Ấn" and "Đông" matches "dong". */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Wards whose name, id or a station's hostname contains the query (diacritics ignored). */
export function filterWards(groups: readonly WardGroup[], query: string): WardGroup[] {
  const q = foldForSearch(query);
  if (q === '') return [...groups];
  return groups.filter(
    (g) =>
      foldForSearch(g.name).includes(q) ||
      g.id.includes(q) ||
      g.stations.some((s) => foldForSearch(s.hostname).includes(q)),
  );
}
