/**
 * A small key/value cache with TTLs, and a pub/sub channel, each in two forms: in-process for a
 * single instance, Redis for several. Callers see only these interfaces.
 */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Deletes every key that starts with `prefix`. */
  deletePrefix(prefix: string): Promise<void>;
}

export type MessageHandler = (message: unknown) => void;

export interface PubSub {
  /** Resolves with how many instances (subscribed connections) the message is on its way to. */
  publish(channel: string, message: unknown): Promise<number>;
  /** Resolves once the subscription is live; the returned function unsubscribes this handler. */
  subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>>;
}
