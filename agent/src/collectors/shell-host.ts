import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { silentLogger, type Logger } from '../log.js';

export interface ShellHostOptions {
  file: string;
  args: string[];
  /** One stdin line that runs `command` and then prints `marker` on a line of its own. */
  wrap: (command: string, marker: string) => string;
  /** Run once after each (re)start, e.g. to set the output encoding. */
  prelude?: string;
  commandTimeoutMs?: number;
  log?: Logger;
}

/** The agent's one long-lived PowerShell on Windows (notes: PowerShell start is the cost). */
export const powershellHostOptions = (log?: Logger): ShellHostOptions => ({
  file: 'powershell.exe',
  args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', '-'],
  wrap: (command, marker) =>
    `try { ${command} } catch { Write-Output $_.Exception.Message }; Write-Output '${marker}'`,
  prelude: '[Console]::OutputEncoding = [Text.Encoding]::UTF8',
  commandTimeoutMs: 20_000,
  log,
});

/**
 * A long-lived shell taking one command at a time over stdin, each under a deadline; a
 * command past its deadline kills the shell, which restarts on the next command.
 */
export class ShellHost {
  #o: ShellHostOptions;
  #child: ChildProcessWithoutNullStreams | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #seq = 0;
  #stdout = '';
  #onData: (() => void) | null = null;
  #stopped = false;
  /** Times the shell was (re)started: a stuck or crashing shell shows up here. */
  starts = 0;

  constructor(options: ShellHostOptions) {
    this.#o = options;
  }

  run(command: string): Promise<string> {
    const next = this.#queue.then(() => this.#run(command));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #ensure(): ChildProcessWithoutNullStreams {
    if (this.#child) return this.#child;
    const child = spawn(this.#o.file, this.#o.args, { stdio: 'pipe', windowsHide: true });
    this.starts += 1;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      this.#stdout += chunk;
      this.#onData?.();
    });
    child.stderr.resume();
    child.on('error', (err) =>
      (this.#o.log ?? silentLogger).warn('shell failed', { err: String(err) }),
    );
    child.once('exit', () => {
      if (this.#child === child) this.#child = null;
      this.#onData?.();
    });
    child.unref();
    (child.stdin as unknown as { unref?: () => void }).unref?.();
    this.#child = child;
    if (this.#o.prelude) child.stdin.write(this.#o.prelude + '\n');
    return child;
  }

  async #run(command: string): Promise<string> {
    if (this.#stopped) throw new Error('shell host stopped');
    const child = this.#ensure();
    const marker = `__WW_DONE_${process.pid}_${++this.#seq}__`;
    this.#stdout = '';
    return new Promise<string>((resolve, reject) => {
      const done = (err: Error | null, out = '') => {
        clearTimeout(timer);
        this.#onData = null;
        if (err) reject(err);
        else resolve(out);
      };
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        this.#child = null;
        done(new Error(`command timed out after ${this.#o.commandTimeoutMs ?? 20_000} ms`));
      }, this.#o.commandTimeoutMs ?? 20_000);
      timer.unref();
      this.#onData = () => {
        const i = this.#stdout.indexOf(marker);
        if (i >= 0) return done(null, this.#stdout.slice(0, i).replace(/\r?\n$/, ''));
        if (this.#child !== child) done(new Error('shell exited'));
      };
      child.stdin.write(this.#o.wrap(command, marker) + '\n');
    });
  }

  stop(): void {
    this.#stopped = true;
    this.#child?.kill();
    this.#child = null;
  }
}
