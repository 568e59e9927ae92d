export * from './protocol/index.js';
export * from './api/index.js';
export * from './domain/backoff.js';
export * from './catalog/quang-ngai-wards.js';
export * from './domain/detector/index.js';
export * from './catalog/peripherals.js';
export * from './domain/notify/digest.js';
export * from './domain/reports/index.js';
