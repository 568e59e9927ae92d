export * from './protocol/index.js';
export * from './api/index.js';
export * from './domain/backoff.js';
export * from './catalog/quang-ngai-wards.js';
