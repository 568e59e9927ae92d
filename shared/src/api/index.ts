export * from './common.js';
export * from './routes.js';
export * from './incidents.js';
export * from './security.js';
export * from './reports.js';
