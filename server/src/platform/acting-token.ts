/**
 * The API token a request acts with, for the audit rows written while it is handled: every token
 * action carries the token's id (issue 17) without each domain function taking it as an argument.
 * Entered in a preHandler hook (after the body is parsed, so no stream callback loses it) and read
 * by recordAudit; a request without a token runs outside it and reads undefined.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const acting = new AsyncLocalStorage<string>();

export function actingTokenId(): string | undefined {
  return acting.getStore();
}

export function runAsToken(tokenId: string, fn: () => void): void {
  acting.run(tokenId, fn);
}
