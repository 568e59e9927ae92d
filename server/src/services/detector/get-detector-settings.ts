import { DEFAULT_POLICY, type DetectorSettingsReply } from '@wardwatch/shared';
import { loadDetectorSettings } from '../../detector/detector-shell.js';
import { requireActor } from '../authz.js';
import type { ServiceCall } from '../context.js';

export function getDetectorSettings({ ctx }: ServiceCall<void>): DetectorSettingsReply {
  requireActor(ctx);
  return { settings: loadDetectorSettings(ctx.store), defaults: DEFAULT_POLICY };
}
