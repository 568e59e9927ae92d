import {
  DEFAULT_POLICY,
  type DetectorSettings,
  type DetectorSettingsReply,
} from '@wardwatch/shared';
import { DETECTOR_SETTINGS_KEY } from '../../detector/detector-shell.js';
import { audit, requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';

/** Replace the thresholds (global, per ward, per target); they apply to rounds from now on. */
export function setDetectorSettings({
  ctx,
  input,
}: ServiceCall<DetectorSettings>): DetectorSettingsReply {
  requireAdmin(ctx);
  ctx.store.setSetting(DETECTOR_SETTINGS_KEY, input, ctx.clock.now());
  audit(ctx, 'detector.settings', input);
  ctx.events.detectorSettingsChanged?.();
  return { settings: input, defaults: DEFAULT_POLICY };
}
