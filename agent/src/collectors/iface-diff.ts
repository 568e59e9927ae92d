import type { IfaceRecord } from '@wardwatch/shared';

export type Iface = IfaceRecord['interfaces'][number];

/** What `os.networkInterfaces()` returns, reduced to what we use. */
export type OsInterfaces = Record<
  string,
  ReadonlyArray<{ address: string; internal: boolean }> | undefined
>;

// Interface names VPN clients create (Linux tun/tap/wg/ppp; Windows adapter names).
const DEFAULT_TUNNEL =
  /^(tun|tap|wg|ppp|ipsec|vpn|utun|gpd)\d*|openvpn|wireguard|forti|anyconnect|cisco|globalprotect|sophos|tap-windows|vpn/i;

/** `tunnelInterface` config: `/regex/flags`, else an exact name (case-insensitive). */
export function tunnelMatcher(spec: string | undefined): (name: string) => boolean {
  if (!spec) return (name) => DEFAULT_TUNNEL.test(name);
  const m = /^\/(.+)\/([a-z]*)$/.exec(spec);
  if (m) {
    const re = new RegExp(m[1] as string, m[2]);
    return (name) => re.test(name);
  }
  return (name) => name.toLowerCase() === spec.toLowerCase();
}

/**
 * Interfaces from the OS address table plus link states (Linux operstate; Windows adapter
 * status), sorted by name. An interface with no state entry is up when it has addresses.
 */
export function snapshotInterfaces(
  addrs: OsInterfaces,
  states: Readonly<Record<string, boolean>>,
  isTunnel: (name: string) => boolean,
): Iface[] {
  const names = new Set([...Object.keys(addrs), ...Object.keys(states)]);
  const out: Iface[] = [];
  for (const name of [...names].sort()) {
    const list = addrs[name] ?? [];
    if (list.some((a) => a.internal) && !isTunnel(name)) continue; // loopback is not a link
    const up = states[name] ?? list.length > 0;
    out.push({
      name: name.slice(0, 256),
      up,
      addrs: list.map((a) => a.address).slice(0, 64),
      isTunnel: isTunnel(name),
    });
  }
  return out.slice(0, 128);
}

/** Linux /sys/class/net/<if>/operstate: `up`, and `unknown` for links without a state machine. */
export function operstateUp(text: string): boolean {
  const s = text.trim();
  return s === 'up' || s === 'unknown';
}

/** Default IPv4 gateway from /proc/net/route (hex, little-endian); lowest metric wins. */
export function parseProcNetRoute(text: string): string | undefined {
  let best: { gw: string; metric: number } | undefined;
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const [, dest, gwHex, flagsHex, , , metric, mask] = f as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const flags = parseInt(flagsHex, 16);
    // RTF_UP (1) and RTF_GATEWAY (2), destination and mask 0.0.0.0.
    if (dest !== '00000000' || mask !== '00000000' || (flags & 3) !== 3) continue;
    const n = parseInt(gwHex, 16);
    const gw = [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255].join('.');
    if (!best || Number(metric) < best.metric) best = { gw, metric: Number(metric) };
  }
  return best?.gw;
}

/** Default IPv4 gateway from `route print -4` (the numeric table is the same in every language). */
export function parseRoutePrint(text: string): string | undefined {
  let best: { gw: string; metric: number } | undefined;
  const ip = '(\\d{1,3}(?:\\.\\d{1,3}){3})';
  const re = new RegExp(
    `^\\s*0\\.0\\.0\\.0\\s+0\\.0\\.0\\.0\\s+${ip}\\s+${ip}\\s+(\\d+)\\s*$`,
    'gm',
  );
  for (const m of text.matchAll(re)) {
    const metric = Number(m[3]);
    if (!best || metric < best.metric) best = { gw: m[1] as string, metric };
  }
  return best?.gw;
}

export interface IfaceChange {
  added: string[];
  removed: string[];
  wentUp: string[];
  wentDown: string[];
  addrsChanged: string[];
  gatewayChanged: boolean;
  tunnelChanged: boolean;
}

const tunnelUp = (r: Pick<IfaceRecord, 'interfaces'>) =>
  r.interfaces.some((i) => i.isTunnel && i.up);

/** What changed between two snapshots; null when nothing did. */
export function diffIfaces(
  prev: Pick<IfaceRecord, 'interfaces' | 'gateway'> | null,
  next: Pick<IfaceRecord, 'interfaces' | 'gateway'>,
): IfaceChange | null {
  const p = new Map((prev?.interfaces ?? []).map((i) => [i.name, i]));
  const n = new Map(next.interfaces.map((i) => [i.name, i]));
  const change: IfaceChange = {
    added: [...n.keys()].filter((k) => !p.has(k)),
    removed: [...p.keys()].filter((k) => !n.has(k)),
    wentUp: [],
    wentDown: [],
    addrsChanged: [],
    gatewayChanged: (prev?.gateway ?? null) !== (next.gateway ?? null),
    tunnelChanged: prev !== null && tunnelUp(prev) !== tunnelUp(next),
  };
  for (const [name, b] of n) {
    const a = p.get(name);
    if (!a) continue;
    if (a.up && !b.up) change.wentDown.push(name);
    if (!a.up && b.up) change.wentUp.push(name);
    if ([...a.addrs].sort().join() !== [...b.addrs].sort().join()) change.addrsChanged.push(name);
  }
  const any =
    prev === null ||
    change.added.length +
      change.removed.length +
      change.wentUp.length +
      change.wentDown.length +
      change.addrsChanged.length >
      0 ||
    change.gatewayChanged ||
    change.tunnelChanged;
  return any ? change : null;
}

/** Send a record now? On any change, else once every `fullEveryMs` as a full refresh. */
export function shouldSendIface(
  changed: boolean,
  lastSentAt: number | null,
  now: number,
  fullEveryMs: number,
): boolean {
  return changed || lastSentAt === null || now - lastSentAt >= fullEveryMs;
}
