export * from './intervals.js';
export * from './histogram.js';
export * from './evidence.js';
export * from './narrative.js';
export * from './tables.js';
export * from './rollup.js';
