export * from './limits.js';
export * from './records.js';
export * from './target.js';
export * from './agent-messages.js';
export * from './server-messages.js';
export * from './incident.js';
export * from './console-messages.js';
export * from './validate.js';
