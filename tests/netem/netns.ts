import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EMULATOR = join(ROOT, 'tests', 'netem', 'link-emulator.py');
const run = promisify(execFile);

/** Every namespace these tests create is `wwtest-<pid>-<n>-<a|b>`. */
const NS_PREFIX = 'wwtest-';
const NS_NAME = /^wwtest-(\d+)-\d+-[ab]$/;

/** Why the netem tests cannot run here, or null when they can. */
export function netemSkipReason(): string | null {
  if (process.platform !== 'linux') return 'netem tests need Linux network namespaces';
  if (process.getuid?.() !== 0) return 'netem tests need root (ip netns, TUN devices)';
  if (!existsSync('/dev/net/tun')) return 'netem tests need /dev/net/tun';
  return null;
}

export async function ip(...args: string[]): Promise<string> {
  return (await run('ip', args, { timeout: 10_000 })).stdout;
}

/** Kill what is left inside a namespace (only processes our own tests started there) and delete it. */
async function deleteNamespace(ns: string): Promise<void> {
  const pids = await ip('netns', 'pids', ns).catch(() => '');
  for (const pid of pids.split(/\s+/).filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await ip('netns', 'del', ns).catch(() => undefined);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Namespaces a crashed earlier run left behind (its test process is gone). */
export async function removeLeftovers(): Promise<string[]> {
  const list = await ip('netns', 'list').catch(() => '');
  const stale = list
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(NS_PREFIX))
    .filter((name) => {
      const m = NS_NAME.exec(name);
      return !m || !alive(Number(m[1]));
    });
  for (const ns of stale) await deleteNamespace(ns);
  return stale;
}

export interface PacketCounts {
  forwarded: number;
  dropped: number;
}

export interface EmulatorDirection extends PacketCounts {
  /** Of those, by IP protocol. */
  icmp: PacketCounts;
  tcp: PacketCounts;
  udp: PacketCounts;
  cutDropped: number;
  writeErrors: number;
  other: number;
}

export interface EmulatorStats {
  cut: boolean;
  queued: number;
  /** Namespace A → B. */
  ab: EmulatorDirection;
  /** Namespace B → A. */
  ba: EmulatorDirection;
}

export interface LinkSettings {
  /** One way. */
  delayMs: number;
  /** Per direction, 0–1. */
  loss: number;
  jitterMs?: number;
  /** Restart the drop streams: the n-th packet of each direction then meets a fixed fate. */
  seed?: number;
}

/** The emulator process: one command per line on stdin, one JSON answer per line on stdout. */
export interface Emulator {
  pid: number;
  set(settings: LinkSettings): Promise<void>;
  /** Drop everything (in-flight packets too) until `restore()`. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  stats(): Promise<EmulatorStats>;
  resetStats(): Promise<void>;
}

export interface LinkOptions extends LinkSettings {
  /**
   * Also join B to the root namespace with a veth pair (a free 10.231.x.0/30, from
   * 10.231.9.0/30 on; B is .2), so the test
   * process can reach services in B without crossing the emulated link.
   */
  sidePath?: boolean;
}

export interface ServiceProcess {
  proc: ChildProcess;
  /** What matched the ready pattern. */
  ready: RegExpMatchArray;
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once it exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface Link {
  nsA: string;
  nsB: string;
  tunA: string;
  tunB: string;
  /** A's address on the emulated link. */
  addrA: string;
  /** B's address on the emulated link. */
  addrB: string;
  /** B's address on the side veth (reachable from the test process), or null. */
  sideB: string | null;
  emulator: Emulator;
  /** Start `argv` inside a namespace; resolves when a stdout/stderr line matches `ready`. */
  start(
    ns: string,
    argv: string[],
    ready: RegExp,
    opts?: { env?: NodeJS.ProcessEnv; timeoutMs?: number },
  ): Promise<ServiceProcess>;
  /** Run a command inside a namespace to completion. */
  exec(ns: string, argv: string[], timeoutMs?: number): Promise<string>;
  destroy(): Promise<void>;
}

export const ADDR_A = '10.231.0.1';
export const ADDR_B = '10.231.0.2';

/** A /30 for the side veth not used in the root namespace yet (another run may hold one). */
async function freeSideSubnet(): Promise<{ root: string; b: string }> {
  const used = await ip('-4', '-o', 'addr', 'show');
  for (let k = 9; k < 250; k++) {
    if (!used.includes(` 10.231.${k}.`)) return { root: `10.231.${k}.1`, b: `10.231.${k}.2` };
  }
  throw new Error('no free 10.231.x.0/30 for the side veth');
}
let instances = 0;

function waitForLine(
  proc: ChildProcess,
  pattern: RegExp,
  timeoutMs: number,
  output: () => string,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const check = () => {
      const m = pattern.exec(output());
      if (settled || !m) return;
      settled = true;
      clearTimeout(timer);
      resolve(m);
    };
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output()}`));
    }, timeoutMs);
    proc.stdout?.on('data', check);
    proc.stderr?.on('data', check);
    proc.once('exit', (code, signal) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`exited (code ${code}, signal ${signal}) before ${pattern}:\n${output()}`));
    });
    check();
  });
}

function stopProcess(proc: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => proc.kill('SIGKILL'), 5000);
    proc.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    proc.kill(signal);
  });
}

function startEmulator(proc: ChildProcess): Emulator {
  let buffer = '';
  const waiting: ((line: string) => void)[] = [];
  proc.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      waiting.shift()?.(line);
    }
  });
  // Commands are answered in order, so one queue of waiters is enough.
  const send = (line: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      waiting.push((answer) => {
        const parsed = JSON.parse(answer) as Record<string, unknown>;
        if (parsed.ok === true) resolve(parsed);
        else reject(new Error(`emulator refused "${line}": ${answer}`));
      });
      proc.stdin?.write(`${line}\n`);
    });
  return {
    pid: proc.pid as number,
    set: async ({ delayMs, loss, jitterMs = 0, seed }) => {
      const reseed = seed === undefined ? '' : ` seed=${seed}`;
      await send(`set delay_ms=${delayMs} loss=${loss} jitter_ms=${jitterMs}${reseed}`);
    },
    cut: async () => {
      await send('cut');
    },
    restore: async () => {
      await send('restore');
    },
    stats: async () => (await send('stats')) as unknown as EmulatorStats,
    resetStats: async () => {
      await send('reset');
    },
  };
}

/**
 * Two namespaces joined only through the userspace emulator:
 *
 *   ns A  tunA 10.231.0.1/24 ─┐                    ┌─ tunB 10.231.0.2/24  ns B
 *                             └─ link-emulator.py ─┘
 *   (root namespace: the emulator holds both TUN fds; optional veth root 10.231.x.1 ↔ B 10.231.x.2)
 *
 * Neither namespace has a default route, so nothing can leave them.
 */
export async function createLink(opts: LinkOptions): Promise<Link> {
  await removeLeftovers();
  const n = instances++;
  const tag = `${process.pid}-${n}`;
  const nsA = `${NS_PREFIX}${tag}-a`;
  const nsB = `${NS_PREFIX}${tag}-b`;
  // Interface names are at most 15 characters.
  const short = `${process.pid.toString(36)}${n.toString(36)}`;
  const tunA = `wwt${short}a`;
  const tunB = `wwt${short}b`;
  const vethRoot = `wwv${short}r`;
  const vethB = `wwv${short}b`;
  const children = new Set<ChildProcess>();
  let emulatorProc: ChildProcess | null = null;
  let destroyed = false;

  const destroy = async () => {
    if (destroyed) return;
    destroyed = true;
    await Promise.all([...children].map((c) => stopProcess(c)));
    if (emulatorProc) {
      // EOF on stdin ends it; the TUN devices disappear with its fds.
      emulatorProc.stdin?.end();
      await stopProcess(emulatorProc);
    }
    await deleteNamespace(nsA);
    await deleteNamespace(nsB);
    await ip('link', 'del', vethRoot).catch(() => undefined);
  };
  process.once('exit', () => {
    for (const c of children) c.kill('SIGKILL');
    emulatorProc?.kill('SIGKILL');
  });

  try {
    await ip('netns', 'add', nsA);
    await ip('netns', 'add', nsB);
    let emuOut = '';
    // Niced: on a busy 2-core box its wake-ups are the emulated delay's precision.
    const emu = spawn(
      'nice',
      [
        '-n',
        '-10',
        'python3',
        EMULATOR,
        '--a-tun',
        tunA,
        '--b-tun',
        tunB,
        '--delay-ms',
        String(opts.delayMs),
        '--jitter-ms',
        String(opts.jitterMs ?? 0),
        '--loss',
        String(opts.loss),
        '--seed',
        String(opts.seed ?? 1),
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    emulatorProc = emu;
    emu.stdout.on('data', (c: Buffer) => (emuOut += c.toString()));
    emu.stderr.on('data', (c: Buffer) => (emuOut += c.toString()));
    await waitForLine(emu, /"ready": true/, 10_000, () => emuOut);
    const emulator = startEmulator(emu);

    for (const [ns, tun, addr] of [
      [nsA, tunA, ADDR_A],
      [nsB, tunB, ADDR_B],
    ] as const) {
      await ip('link', 'set', tun, 'netns', ns);
      await ip('-n', ns, 'link', 'set', 'lo', 'up');
      // No IPv6 chatter (router solicitations, MLD) on the emulated link.
      await run('ip', ['netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1']);
      await run('ip', [
        'netns',
        'exec',
        ns,
        'sysctl',
        '-qw',
        'net.ipv6.conf.default.disable_ipv6=1',
      ]);
      await ip('-n', ns, 'addr', 'add', `${addr}/24`, 'dev', tun);
      await ip('-n', ns, 'link', 'set', tun, 'up');
    }
    let sideB: string | null = null;
    if (opts.sidePath) {
      const side = await freeSideSubnet();
      await ip('link', 'add', vethRoot, 'type', 'veth', 'peer', 'name', vethB);
      await ip('link', 'set', vethB, 'netns', nsB);
      await ip('addr', 'add', `${side.root}/30`, 'dev', vethRoot);
      await ip('link', 'set', vethRoot, 'up');
      await ip('-n', nsB, 'addr', 'add', `${side.b}/30`, 'dev', vethB);
      await ip('-n', nsB, 'link', 'set', vethB, 'up');
      sideB = side.b;
    }

    const link: Link = {
      nsA,
      nsB,
      tunA,
      tunB,
      addrA: ADDR_A,
      addrB: ADDR_B,
      sideB,
      emulator,
      async start(ns, argv, ready, o = {}) {
        let out = '';
        const proc = spawn('ip', ['netns', 'exec', ns, ...argv], {
          cwd: ROOT,
          env: o.env ?? process.env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        children.add(proc);
        proc.once('exit', () => children.delete(proc));
        proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
        proc.stderr.on('data', (c: Buffer) => (out += c.toString()));
        const m = await waitForLine(proc, ready, o.timeoutMs ?? 30_000, () => out).catch(
          async (err: unknown) => {
            await stopProcess(proc, 'SIGKILL');
            throw err;
          },
        );
        return {
          proc,
          ready: m,
          output: () => out,
          stop: (signal?: NodeJS.Signals) => stopProcess(proc, signal),
        };
      },
      async exec(ns, argv, timeoutMs = 120_000) {
        const { stdout } = await run('ip', ['netns', 'exec', ns, ...argv], {
          cwd: ROOT,
          timeout: timeoutMs,
          maxBuffer: 64 * 1024 * 1024,
        });
        return stdout;
      },
      destroy,
    };
    return link;
  } catch (err) {
    await destroy();
    throw err;
  }
}

export interface DirectVeth {
  /** A's end (in `link.nsA`) and its address. */
  vethA: string;
  addrA: string;
  /** B's end (in `link.nsB`) and its address. */
  vethB: string;
  addrB: string;
}

/**
 * Join A and B directly with a veth pair as well (10.231.1.1/30 in A ↔ 10.231.1.2/30 in B),
 * bypassing the emulator: `ip link set <veth> down` is then a real link fault. Both ends
 * live in the namespaces, so `link.destroy()` removes them with the namespaces.
 */
export async function addDirectVeth(link: Link): Promise<DirectVeth> {
  // Same unique suffix as the link's TUN names (at most 15 characters).
  const vethA = link.tunA.replace(/^wwt/, 'wwp');
  const vethB = link.tunB.replace(/^wwt/, 'wwp');
  const veth = { vethA, addrA: '10.231.1.1', vethB, addrB: '10.231.1.2' };
  await ip('link', 'add', vethA, 'type', 'veth', 'peer', 'name', vethB);
  try {
    await ip('link', 'set', vethA, 'netns', link.nsA);
    await ip('link', 'set', vethB, 'netns', link.nsB);
  } catch (err) {
    await ip('link', 'del', vethA).catch(() => undefined);
    throw err;
  }
  for (const [ns, dev, addr] of [
    [link.nsA, vethA, veth.addrA],
    [link.nsB, vethB, veth.addrB],
  ] as const) {
    await ip('-n', ns, 'addr', 'add', `${addr}/30`, 'dev', dev);
    await ip('-n', ns, 'link', 'set', dev, 'up');
  }
  return veth;
}
