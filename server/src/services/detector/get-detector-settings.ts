import { DEFAULT_POLICY, type DetectorSettingsReply } from '@wardwatch/shared';
import { loadDetectorSettings } from '../../detector/detector-shell.js';
import { requireActor } from '../authz.js';
import type { ServiceCall } from '../context.js';

export async function getDetectorSettings({
  ctx,
}: ServiceCall<void>): Promise<DetectorSettingsReply> {
  requireActor(ctx);
  return { settings: await loadDetectorSettings(ctx.store), defaults: DEFAULT_POLICY };
}
