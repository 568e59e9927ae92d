#!/usr/bin/env node
// Summarise a V8 .cpuprofile: top self-time functions, and self time grouped by package;
// with --under, the time spent inside each named function (itself and all it called).
// Usage: node bench/profile-summary.mjs FILE.cpuprofile [--top 25] [--under fnA,fnB]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

/** Which package or part of the code a call frame belongs to (for the grouped view). */
export function frameGroup(url, functionName) {
  if (!url) {
    if (functionName === '(garbage collector)') return 'gc';
    if (functionName === '(idle)' || functionName === '(program)') return functionName;
    return 'native/builtin';
  }
  const pnpm = /node_modules\/\.pnpm\/([^/]+)\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pnpm) return pnpm[2];
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (nm) return nm[1];
  const ws = /\/(server|agent|shared|console)\/dist\/(.+)$/.exec(url);
  if (ws) return `@wardwatch/${ws[1]}`;
  if (url.startsWith('node:')) return 'node core';
  return 'other';
}

/** Self time per function and per group from a parsed profile (plain data in, plain data out). */
export function summarizeProfile(profile, top = 25) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0));
  }
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0) || 1;
  const fns = new Map();
  const groups = new Map();
  for (const [id, us] of selfUs) {
    const cf = byId.get(id)?.callFrame ?? { functionName: '?', url: '', lineNumber: -1 };
    const name = cf.functionName || '(anonymous)';
    const where = cf.url
      ? `${cf.url.replace(/^file:\/\/.*?\/(node_modules|server|agent|shared)\//, '$1/')}:${cf.lineNumber + 1}`
      : '';
    const key = `${name} ${where}`;
    fns.set(key, { fn: name, where, us: (fns.get(key)?.us ?? 0) + us });
    const g = frameGroup(cf.url, cf.functionName);
    groups.set(g, (groups.get(g) ?? 0) + us);
  }
  const idleUs = groups.get('(idle)') ?? 0;
  const busyUs = totalUs - idleUs || 1;
  const pct = (us, of) => Math.round((1000 * us) / of) / 10;
  return {
    totalMs: Math.round(totalUs / 1000),
    busyMs: Math.round(busyUs / 1000),
    topSelf: [...fns.values()]
      .filter((f) => f.fn !== '(idle)')
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({
        fn: f.fn,
        where: f.where,
        selfMs: Math.round(f.us / 1000),
        pctOfBusy: pct(f.us, busyUs),
      })),
    byGroup: [...groups.entries()]
      .filter(([g]) => g !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .map(([group, us]) => ({ group, selfMs: Math.round(us / 1000), pctOfBusy: pct(us, busyUs) })),
  };
}

/**
 * Time under each named function: samples whose stack holds it, counted once per stack
 * (recursion does not count twice). Share is of the busy time, as in summarizeProfile.
 */
export function timeUnder(profile, names) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const wanted = new Set(names);
  const underUs = new Map(names.map((n) => [n, 0]));
  let totalUs = 0;
  let idleUs = 0;
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < profile.samples.length; i++) {
    const us = deltas[i] ?? 0;
    totalUs += us;
    const seen = new Set();
    for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const fn = byId.get(id)?.callFrame.functionName;
      if (fn === '(idle)') idleUs += us;
      if (wanted.has(fn) && !seen.has(fn)) {
        seen.add(fn);
        underUs.set(fn, underUs.get(fn) + us);
      }
    }
  }
  const busyUs = totalUs - idleUs || 1;
  return names.map((fn) => ({
    fn,
    ms: Math.round(underUs.get(fn) / 1000),
    pctOfBusy: Math.round((1000 * underUs.get(fn)) / busyUs) / 10,
  }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '25' }, under: { type: 'string' } },
  });
  if (positionals.length !== 1) {
    process.stderr.write(
      'usage: node bench/profile-summary.mjs FILE.cpuprofile [--top N] [--under fnA,fnB]\n',
    );
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));
  const s = summarizeProfile(profile, Number(values.top));
  process.stdout.write(`total ${s.totalMs} ms, busy ${s.busyMs} ms\n\nself time by package:\n`);
  for (const g of s.byGroup)
    process.stdout.write(`  ${String(g.pctOfBusy).padStart(5)} %  ${g.selfMs} ms  ${g.group}\n`);
  process.stdout.write('\ntop self time:\n');
  for (const f of s.topSelf)
    process.stdout.write(
      `  ${String(f.pctOfBusy).padStart(5)} %  ${String(f.selfMs).padStart(6)} ms  ${f.fn}  ${f.where}\n`,
    );
  if (values.under) {
    process.stdout.write('\ntime under (itself and what it called):\n');
    for (const u of timeUnder(profile, values.under.split(',')))
      process.stdout.write(
        `  ${String(u.pctOfBusy).padStart(5)} %  ${String(u.ms).padStart(6)} ms  ${u.fn}\n`,
      );
  }
}
