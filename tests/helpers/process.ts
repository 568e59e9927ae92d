import type { ChildProcess } from 'node:child_process';

/** Send `signal` to a child process and resolve once it has exited (at once if it already has). */
export function signalAndWait(proc: ChildProcess | null, signal: NodeJS.Signals): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill(signal);
  });
}
