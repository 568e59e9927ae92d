export * from './outbox.js';
export * from './memory.js';
export * from './disk.js';
export * from './accumulator.js';
