import { describe, expect, it } from 'vitest';
import { ShellHost } from './shell-host.js';

// The PowerShell host's request/response framing, exercised with a POSIX shell (no Windows here).
const sh = (commandTimeoutMs = 5000) =>
  new ShellHost({
    file: 'sh',
    args: ['-s'],
    wrap: (command, marker) => `${command}; echo ${marker}`,
    commandTimeoutMs,
  });

describe.skipIf(process.platform === 'win32')('ShellHost (one long-lived shell)', () => {
  it('runs commands in order in one process', async () => {
    const host = sh();
    const [a, b] = await Promise.all([
      host.run('echo one; echo $$'),
      host.run('echo two; echo $$'),
    ]);
    expect(a.split('\n')[0]).toBe('one');
    expect(b.split('\n')[0]).toBe('two');
    expect(a.split('\n')[1]).toBe(b.split('\n')[1]); // same shell pid
    expect(host.starts).toBe(1);
    host.stop();
  });

  it('a stuck command hits its deadline; the shell restarts for the next one', async () => {
    const host = sh(300);
    await expect(host.run('sleep 5')).rejects.toThrow(/timed out/);
    expect(await host.run('echo back')).toBe('back');
    expect(host.starts).toBe(2);
    host.stop();
  });
});
