import type { ProbeKind } from '@wardwatch/shared';
import { dnsProbe } from './dns.js';
import { httpProbe } from './http.js';
import { icmpProbe } from './icmp.js';
import type { ProbeStrategy } from './probe.js';
import { sessionOnceProbe } from './session.js';
import { tcpProbe } from './tcp.js';

export function strategyFor(kind: ProbeKind): ProbeStrategy {
  switch (kind) {
    case 'tcp':
      return tcpProbe;
    case 'icmp':
      return icmpProbe;
    case 'http':
      return httpProbe;
    case 'dns':
      return dnsProbe;
    case 'session':
      // One-shot (doctor); the agent runs session targets through SessionManager.
      return sessionOnceProbe;
    default: {
      const never: never = kind;
      return never;
    }
  }
}

export * from './probe.js';
export { findPing } from './find-ping.js';
