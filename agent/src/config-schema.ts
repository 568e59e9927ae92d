import Type, { type Static } from 'typebox';
import {
  EquipmentRequirementSchema,
  PeripheralCategorySchema,
  TargetSchema,
} from '@wardwatch/shared';

/**
 * The shape of agent.json. Imported only by the validator generator and, lazily, to explain a
 * bad file: the running agent checks with `validators.gen.ts` and never loads TypeBox.
 */
const HexId = Type.String({ pattern: '^[0-9a-fA-F]{4}$' });
/** A site-specific peripheral catalog entry (added before the built-in catalog). */
export const SiteCatalogEntrySchema = Type.Object(
  {
    vid: HexId,
    pids: Type.Optional(Type.Array(HexId, { minItems: 1, maxItems: 256 })),
    category: PeripheralCategorySchema,
    vendor: Type.String({ minLength: 1, maxLength: 128 }),
    model: Type.Optional(Type.String({ maxLength: 256 })),
    source: Type.Optional(Type.String({ maxLength: 256 })),
  },
  { additionalProperties: false },
);

export const AgentFileConfigSchema = Type.Object(
  {
    server: Type.String({ pattern: '^(wss?|https?)://[^\\s]+$' }),
    stationId: Type.String({ minLength: 1, maxLength: 64 }),
    credential: Type.String({ minLength: 1, maxLength: 512 }),
    wardId: Type.String({ minLength: 1, maxLength: 64 }),
    dataDir: Type.Optional(Type.String({ minLength: 1 })),
    hostname: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    language: Type.Optional(Type.Union([Type.Literal('vi'), Type.Literal('en')])),
    sysIntervalMs: Type.Optional(Type.Integer({ minimum: 100 })),
    heartbeatMs: Type.Optional(Type.Integer({ minimum: 100 })),
    flushMs: Type.Optional(Type.Integer({ minimum: 10 })),
    outboxMaxBytes: Type.Optional(Type.Integer({ minimum: 65_536 })),
    /** VPN/tunnel interface: an exact name, or `/regex/flags`; default common VPN names. */
    tunnelInterface: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    ifaceIntervalMs: Type.Optional(Type.Integer({ minimum: 500 })),
    ifaceFullEveryMs: Type.Optional(Type.Integer({ minimum: 1000 })),
    peripheralsIntervalMs: Type.Optional(Type.Integer({ minimum: 500 })),
    peripheralsFullEveryMs: Type.Optional(Type.Integer({ minimum: 1000 })),
    /** Linux: root of sysfs (tests point it at a fixture tree). */
    sysfsRoot: Type.Optional(Type.String({ minLength: 1 })),
    peripheralCatalog: Type.Optional(Type.Array(SiteCatalogEntrySchema, { maxItems: 1024 })),
    requiredPeripherals: Type.Optional(
      Type.Array(PeripheralCategorySchema, { uniqueItems: true, maxItems: 6 }),
    ),
    /** PEM file of extra CAs trusted by http/session probes (e.g. a ministry's private CA). */
    probeCaFile: Type.Optional(Type.String({ minLength: 1 })),
    /** PEM CA bundle that alone is trusted for the server's certificate (pinning). */
    serverCaFile: Type.Optional(Type.String({ minLength: 1 })),
    /** Allow plain ws/http to a non-loopback server (the credential then travels unencrypted). */
    allowInsecure: Type.Optional(Type.Boolean()),
    /** Cron expressions (local time, `cron.ts`) for the daily jobs. */
    inventoryCron: Type.Optional(Type.String({ minLength: 9, maxLength: 64 })),
    compactCron: Type.Optional(Type.String({ minLength: 9, maxLength: 64 })),
    /** The targets of the last welcome, so the agent probes while offline after a restart. */
    targets: Type.Optional(Type.Array(TargetSchema, { maxItems: 256 })),
    /**
     * The ward's equipment requirement from the last welcome; once set, status shows it
     * instead of `requiredPeripherals`.
     */
    equipment: Type.Optional(EquipmentRequirementSchema),
  },
  { additionalProperties: false },
);
export type AgentFileConfig = Static<typeof AgentFileConfigSchema>;

/**
 * The keys `wardwatch-agent status` reads, checked as agent.json checks them; every other key
 * (the credential among them) is ignored, so a status run never depends on it.
 */
export const StatusConfigSchema = Type.Object({
  dataDir: AgentFileConfigSchema.properties.dataDir,
  language: AgentFileConfigSchema.properties.language,
});
export type StatusConfig = Static<typeof StatusConfigSchema>;
