/** Half-open time intervals [start, end) in epoch ms; every set here is sorted and disjoint. */
export type Interval = readonly [number, number];

/** Sorts and merges (touching intervals merge: [a,b) ∪ [b,c) = [a,c)); drops empty ones. */
export function normalize(list: readonly Interval[]): Interval[] {
  const sorted = list.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

export const union = (...sets: readonly (readonly Interval[])[]): Interval[] =>
  normalize(sets.flat());

/** a ∩ b for two normalized sets (linear merge). */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Interval;
    const y = b[j] as Interval;
    const s = Math.max(x[0], y[0]);
    const e = Math.min(x[1], y[1]);
    if (e > s) out.push([s, e]);
    if (x[1] < y[1]) i++;
    else j++;
  }
  return out;
}

/** a \ b for two normalized sets. */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const [s0, e] of a) {
    let s = s0;
    while (j < b.length && (b[j] as Interval)[1] <= s) j++;
    let k = j;
    while (k < b.length && (b[k] as Interval)[0] < e) {
      const [bs, be] = b[k] as Interval;
      if (bs > s) out.push([s, bs]);
      s = Math.max(s, be);
      if (s >= e) break;
      k++;
    }
    if (s < e) out.push([s, e]);
  }
  return out;
}

export const measure = (set: readonly Interval[]): number =>
  set.reduce((sum, [s, e]) => sum + (e - s), 0);

export const clip = (set: readonly Interval[], from: number, to: number): Interval[] =>
  intersect(set, [[from, to]]);
