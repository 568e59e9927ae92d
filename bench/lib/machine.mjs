import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function git(args) {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/** What every result file records about where and on what code it ran. */
export function machineInfo() {
  const cpu = cpus();
  return {
    cores: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    memoryMiB: Math.round(totalmem() / 1024 / 1024),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    commit: git(['rev-parse', 'HEAD']),
    // Benchmarks often run on work in progress: say so instead of pretending HEAD is the code.
    dirty:
      (git(['status', '--porcelain', '--', 'server', 'agent', 'console', 'shared']) ?? '') !== '',
  };
}
