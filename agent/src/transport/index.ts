export * from './connection.js';
export * from './session.js';
export * from './url.js';
