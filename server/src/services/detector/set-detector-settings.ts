import {
  DEFAULT_POLICY,
  equipmentChangedWards,
  type DetectorSettings,
  type DetectorSettingsReply,
} from '@wardwatch/shared';
import { DETECTOR_SETTINGS_KEY, loadDetectorSettings } from '../../detector/detector-shell.js';
import { audit, requireAdmin } from '../authz.js';
import type { ServiceCall } from '../context.js';

/**
 * Replace the thresholds (global, per ward, per target); they apply to rounds from now on, and
 * a changed equipment requirement reaches the affected wards' connected agents.
 */
export async function setDetectorSettings({
  ctx,
  input,
}: ServiceCall<DetectorSettings>): Promise<DetectorSettingsReply> {
  requireAdmin(ctx);
  const before = await loadDetectorSettings(ctx.store);
  await ctx.store.setSetting(DETECTOR_SETTINGS_KEY, input, ctx.clock.now());
  await audit(ctx, 'detector.settings', input);
  ctx.events.detectorSettingsChanged?.();
  // The equipment requirement travels in `welcome`: agents of the wards it changed for get it.
  const changed = equipmentChangedWards(before, input);
  if (changed === 'all') ctx.events.agentConfigChanged?.(null);
  else for (const wardId of changed) ctx.events.agentConfigChanged?.(wardId);
  return { settings: input, defaults: DEFAULT_POLICY };
}
