import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

function failureOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('configuration', () => {
  it('defaults to SQLite under ./data, port 3000 and the in-process fallbacks', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.database).toEqual({
      kind: 'sqlite',
      file: path.resolve('data/iatichet.db'),
      url: expect.any(String) as string,
    });
    expect(config.redisUrl).toBeUndefined();
    expect(config.holdMinutes).toBe(30);
    expect(config.rateLimitPerMinute).toBe(600);
    expect(config.trustProxy).toBe(false);
    expect(config.corsOrigins).toEqual(['http://localhost:3000']);
    expect(config.payment).toEqual({ provider: 'simulated' });
    expect(config.nodeEnv).toBe('development');
  });

  it('reads PostgreSQL, Redis, proxies and origins', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/app',
      REDIS_URL: 'redis://cache:6379',
      TRUST_PROXY: '10.0.0.1, 192.168.0.0/16',
      CORS_ORIGINS: 'https://a.example, https://b.example/',
      PORT: '8080',
    });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/app' });
    expect(config.redisUrl).toBe('redis://cache:6379');
    expect(config.trustProxy).toEqual(['10.0.0.1', '192.168.0.0/16']);
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.publicUrl).toBe('http://localhost:8080');
  });

  it('accepts an Ed25519 ticket key in PEM and base64 DER', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const der = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    expect(loadConfig({ TICKET_SIGNING_KEY: pem }).ticketSigningKey).toBe(pem.trim());
    expect(loadConfig({ TICKET_SIGNING_KEY: der }).ticketSigningKey).toBe(der);
  });

  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
    ['DATABASE_URL', { DATABASE_URL: 'sqlite:' }],
    ['REDIS_URL', { REDIS_URL: 'http://cache' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'not a url' }],
    ['HOLD_MINUTES', { HOLD_MINUTES: '0' }],
    ['RATE_LIMIT_PER_MINUTE', { RATE_LIMIT_PER_MINUTE: '-5' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'yes please' }],
    ['CORS_ORIGINS', { CORS_ORIGINS: 'ftp://x' }],
    ['PAYMENT_PROVIDER', { PAYMENT_PROVIDER: 'paypal' }],
    ['STRIPE_SECRET_KEY', { PAYMENT_PROVIDER: 'stripe' }],
    ['STRIPE_WEBHOOK_SECRET', { PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'x' }],
    ['ADMIN_PASSWORD', { ADMIN_EMAIL: 'a@b.co' }],
    ['ADMIN_EMAIL', { ADMIN_EMAIL: 'nope', ADMIN_PASSWORD: 'long enough pw' }],
    ['ADMIN_PASSWORD', { ADMIN_EMAIL: 'a@b.co', ADMIN_PASSWORD: 'short' }],
    ['SESSION_SECRET', { SESSION_SECRET: 'too short' }],
    ['TICKET_SIGNING_KEY', { TICKET_SIGNING_KEY: 'garbage' }],
    ['SENTRY_DSN', { SENTRY_DSN: 'nope' }],
    ['SMTP_URL', { SMTP_URL: 'http://mail' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
  ])('rejects a bad %s with an error naming it', (variable, env) => {
    const error = failureOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}:`)).toBe(true);
    expect(error.message).not.toContain('\n');
  });
});
