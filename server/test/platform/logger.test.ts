/** The request logger that is made only when a request logs something at an enabled level. */
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { lazyChildLoggerFactory, loggerOptions } from '../../src/platform/logger.js';

function capture(level: 'info' | 'warn') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: pino(loggerOptions({ logLevel: level }), stream) };
}

describe('lazy request logger', () => {
  it('writes nothing below the level, and writes enabled lines with the request id and redaction', () => {
    const { lines, logger } = capture('warn');
    const log = lazyChildLoggerFactory(logger, { reqId: 'req-1' }, {});
    log.info('not written');
    log.debug({ a: 1 }, 'not written either');
    expect(lines).toEqual([]);
    log.warn({ req: { headers: { cookie: 'iat_session=secret' } } }, 'slow %s', 'query');
    log.error(new Error('boom'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 40, reqId: 'req-1', msg: 'slow query', req: { headers: { cookie: '[redacted]' } } });
    expect(lines[1]).toMatchObject({ level: 50, reqId: 'req-1', err: { message: 'boom' } });
  });

  it('follows the parent level, and a level set on it applies to that request only', () => {
    const { lines, logger } = capture('warn');
    const log = lazyChildLoggerFactory(logger, { reqId: 'req-2' }, {});
    expect(log.level).toBe('warn');
    log.level = 'info';
    log.info('now written');
    logger.info('parent still at warn');
    expect(lines.map((l) => l.msg)).toEqual(['now written']);
    const nested = log.child({ step: 'pay' });
    nested.warn('nested');
    expect(lines[1]).toMatchObject({ reqId: 'req-2', step: 'pay', msg: 'nested' });
  });

  it('gives a route with its own level a real child at once', () => {
    const { lines, logger } = capture('warn');
    const log = lazyChildLoggerFactory(logger, { reqId: 'req-3' }, { level: 'info' });
    log.info('route level');
    expect(lines).toEqual([expect.objectContaining({ reqId: 'req-3', msg: 'route level' })]);
  });
});
