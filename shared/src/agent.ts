// `@wardwatch/shared/agent`: the values the running agent needs, without TypeBox or any schema.
// The agent's single-file bundle imports values only from here, so the schemas (and TypeBox,
// ≈ 2.5 MB of its RSS) load only when `agent/src/explain.ts` needs them after a failed check.
// Types still come from `@wardwatch/shared` (`import type` is erased).
export * from './protocol/limits.js';
export * from './protocol/frame.js';
export * from './domain/backoff.js';
export * from './catalog/peripherals.js';
