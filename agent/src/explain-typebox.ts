import { EventRecordSchema, compileValidator, serverMessageValidator } from '@wardwatch/shared';
import type { Checked } from './explain.js';
import { AgentFileConfigSchema, StatusConfigSchema } from './config-schema.js';

/** Loaded by `explain.ts` only when a check has failed. */
export const explainers: Record<Checked, (value: unknown) => string> = {
  config: (value) => compileValidator(AgentFileConfigSchema).explain(value),
  statusConfig: (value) => compileValidator(StatusConfigSchema).explain(value),
  serverMessage: (value) => serverMessageValidator.explain(value),
  event: (value) => compileValidator(EventRecordSchema).explain(value),
};
