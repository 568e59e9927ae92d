import {
  DEFAULT_POLICY,
  type DetectorSettings,
  type DetectorSettingsReply,
} from '@wardwatch/shared';
import { DETECTOR_SETTINGS_KEY } from '../../detector/detector-shell.js';
import { audit, requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';

/** Replace the thresholds (global, per ward, per target); they apply to rounds from now on. */
export async function setDetectorSettings({
  ctx,
  input,
}: ServiceCall<DetectorSettings>): Promise<DetectorSettingsReply> {
  requireAdmin(ctx);
  await ctx.store.setSetting(DETECTOR_SETTINGS_KEY, input, ctx.clock.now());
  await audit(ctx, 'detector.settings', input);
  ctx.events.detectorSettingsChanged?.();
  return { settings: input, defaults: DEFAULT_POLICY };
}
