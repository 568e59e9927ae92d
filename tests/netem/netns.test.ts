import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLink, ip, netemSkipReason, removeLeftovers, type Link } from './netns.js';

const skip = netemSkipReason();
if (skip) console.warn(`[netem] emulator tests skipped: ${skip}`);

/** A pid that just exited (so `removeLeftovers` treats its namespaces as stale). */
async function deadPid(): Promise<number> {
  const proc = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => proc.once('exit', r));
  return proc.pid as number;
}

const namespaces = async () => (await ip('netns', 'list')).split('\n').map((l) => l.split(' ')[0]);

/** `ping` from A to B: how many of `count` echoes came back. */
async function echoes(link: Link, count: number): Promise<number> {
  const out = await link
    .exec(link.nsA, ['ping', '-n', '-c', String(count), '-i', '0.2', '-W', '1', link.addrB])
    .catch((err: { stdout?: string }) => err.stdout ?? '');
  return Number(/(\d+) received/.exec(out)?.[1] ?? 0);
}

describe.skipIf(skip !== null)('netns helper and link emulator', () => {
  let link: Link;
  beforeAll(async () => {
    link = await createLink({ delayMs: 5, loss: 0 });
  });
  afterAll(async () => {
    await link?.destroy();
  });

  it('removes namespaces a dead run left behind, never a live run’s', async () => {
    const stale = `wwtest-${await deadPid()}-0-a`;
    await ip('netns', 'add', stale);
    const removed = await removeLeftovers();
    expect(removed).toContain(stale);
    const left = await namespaces();
    expect(left).not.toContain(stale);
    expect(left).toEqual(expect.arrayContaining([link.nsA, link.nsB]));
  });

  it('forwards, cuts and restores, by command and by signal', async () => {
    await link.emulator.resetStats();
    expect(await echoes(link, 3)).toBe(3);
    await link.emulator.cut();
    expect(await echoes(link, 3)).toBe(0);
    await link.emulator.restore();
    expect(await echoes(link, 3)).toBe(3);
    process.kill(link.emulator.pid, 'SIGUSR1');
    expect(await echoes(link, 3)).toBe(0);
    process.kill(link.emulator.pid, 'SIGUSR2');
    expect(await echoes(link, 3)).toBe(3);
    const stats = await link.emulator.stats();
    expect(stats.ab.icmp.forwarded).toBe(9);
    expect(stats.ba.icmp.forwarded).toBe(9);
    expect(stats.ab.cutDropped).toBe(6);
  });

  it('destroy() leaves no namespace and no emulator behind', async () => {
    const other = await createLink({ delayMs: 0, loss: 0, sidePath: true });
    const pid = other.emulator.pid;
    await other.destroy();
    const left = await namespaces();
    expect(left).not.toContain(other.nsA);
    expect(left).not.toContain(other.nsB);
    expect(() => process.kill(pid, 0)).toThrow();
    expect(other.sideB).toMatch(/^10\.231\.\d+\.2$/);
    const vethRoot = `wwv${other.tunA.slice(3, -1)}r`;
    expect(await ip('-br', 'link')).not.toContain(vethRoot);
  });
});
