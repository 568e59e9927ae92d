export * from './common.js';
export * from './routes.js';
export * from './incidents.js';
