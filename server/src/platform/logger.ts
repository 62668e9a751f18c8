import type { LoggerOptions } from 'pino';
import type { Config } from '../config/config.js';

/** pino options: secrets are redacted wherever they could appear in a logged request or error. */
export function loggerOptions(config: Pick<Config, 'logLevel'>): LoggerOptions {
  return {
    level: config.logLevel,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.currentPassword',
        '*.newPassword',
        '*.card',
      ],
      censor: '[redacted]',
    },
  };
}
