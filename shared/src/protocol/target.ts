import Type, { type Static } from 'typebox';
import { ProbeKindSchema } from './records.js';

/** One target's fields, each as its plain (required, non-null) schema, for the REST edits. */
export const TargetFields = {
  id: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' }),
  name: Type.String({ minLength: 1, maxLength: 128 }),
  host: Type.String({ minLength: 1, maxLength: 255 }),
  port: Type.Integer({ minimum: 1, maximum: 65535 }),
  url: Type.String({ minLength: 1, maxLength: 2048 }),
  intervalMs: Type.Integer({ minimum: 1000, maximum: 3_600_000 }),
  timeoutMs: Type.Integer({ minimum: 100, maximum: 60_000 }),
} as const;

/** What an agent must know about one target; the same shape the REST API lists. */
export const TargetSchema = Type.Object(
  {
    id: TargetFields.id,
    name: TargetFields.name,
    probe: ProbeKindSchema,
    host: Type.Optional(TargetFields.host),
    port: Type.Optional(TargetFields.port),
    url: Type.Optional(TargetFields.url),
    intervalMs: TargetFields.intervalMs,
    timeoutMs: Type.Optional(TargetFields.timeoutMs),
    wardId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** http: the body must contain this text (checked in the first 1 MiB). */
    keyword: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    /** http: the expected status; default any 2xx or 3xx. */
    expectStatus: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
    /** dns: resolver to ask, `IP` or `IP:PORT`; default the system resolver. */
    dnsServer: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type Target = Static<typeof TargetSchema>;
