import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { AGENT_NODE_FLAGS, agentFlagsOf } from './node-flags.js';

const read = (p: string) => readFile(new URL(`../../${p}`, import.meta.url), 'utf8');

describe('agent node flags', () => {
  it('the systemd unit and the Windows service start node with exactly these flags', async () => {
    const flags = AGENT_NODE_FLAGS.join(' ');
    const unit = await read('deploy/systemd/wardwatch-agent.service');
    expect(
      /^ExecStart=\/usr\/bin\/node (.*) \/opt\/wardwatch\/wardwatch-agent\.mjs run/m.exec(
        unit,
      )?.[1],
    ).toBe(flags);
    const ps1 = await read('deploy/windows/install-service.ps1');
    expect(/\[string\]\$NodeFlags = '([^']*)'/.exec(ps1)?.[1]).toBe(flags);
  });

  it('a child gets our agent flags and nothing else (no --inspect)', () => {
    expect(agentFlagsOf(['--inspect=0', '--lite-mode', '--v8-pool-size=0'])).toEqual([
      '--lite-mode',
      '--v8-pool-size=0',
    ]);
  });
});
