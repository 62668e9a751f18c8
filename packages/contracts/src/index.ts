export * from './errors.js';
export * from './roles.js';
export * from './schemas.js';
export * from './accounts.js';
export * from './catalog.js';
export * from './reservations.js';
export * from './tickets.js';
export * from './realtime.js';
