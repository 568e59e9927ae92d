import type { ProbeKind } from '@wardwatch/shared';
import { icmpProbe } from './icmp.js';
import type { ProbeStrategy } from './probe.js';
import { tcpProbe } from './tcp.js';

const unsupported: ProbeStrategy = () => ({
  run: () => Promise.resolve({ status: 'error', error: 'unsupported_probe' }),
});

export function strategyFor(kind: ProbeKind): ProbeStrategy {
  switch (kind) {
    case 'tcp':
      return tcpProbe;
    case 'icmp':
      return icmpProbe;
    case 'http':
    case 'dns':
    case 'session':
      return unsupported;
    default: {
      const never: never = kind;
      return never;
    }
  }
}

export * from './probe.js';
export { findPing } from './find-ping.js';
