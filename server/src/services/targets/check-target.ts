import type { Target } from '@wardwatch/shared';
import { Invalid, NotFound } from '../../errors.js';
import type { ServiceContext } from '../context.js';

type TargetShape = Pick<Target, 'probe' | 'host' | 'port' | 'url' | 'wardId'>;

/** The fields a probe kind needs, or the message saying which one is missing. */
export function missingTargetField(t: TargetShape): string | null {
  const needsHost = t.probe === 'icmp' || t.probe === 'tcp' || t.probe === 'session';
  if (needsHost && !t.host) return `a ${t.probe} target needs host`;
  if ((t.probe === 'tcp' || t.probe === 'session') && !t.port && !t.url) {
    return `a ${t.probe} target needs port`;
  }
  if (t.probe === 'http' && !t.url) return 'an http target needs url';
  if (t.probe === 'dns' && !t.host) return 'a dns target needs host';
  return null;
}

/** What create and edit both check: the probe's fields, and that the ward exists. */
export async function checkTarget(ctx: ServiceContext, t: TargetShape): Promise<void> {
  const missing = missingTargetField(t);
  if (missing) throw Invalid(missing);
  if (t.wardId !== undefined && !(await ctx.store.getWard(t.wardId))) {
    throw NotFound(`no ward ${t.wardId}`);
  }
}
