import type { SqliteDatabase } from '../../adapters/sqlite/database.js';
import type { BusEvent } from '../../domain/events.js';

/** What a handler learns about the delivery besides its input. */
export interface HandlerContext {
  /** The event as published (the input may be only part of it, per the target's input path). */
  event: BusEvent;
  rule: string;
  targetId: string;
  /** True when this delivery comes from `events replay`. */
  replay: boolean;
}

/**
 * An in-process target. The bus calls `handle` at most once per (target, event) that succeeded: it
 * records the pair after `handle` resolves, so a crash in between can repeat it. Make it an upsert.
 */
export interface EventHandler {
  readonly name: string;
  handle(input: unknown, context: HandlerContext): Promise<void> | void;
}

/**
 * A handler whose writes live in the bus's own database: `apply` runs in the same transaction that
 * records (target, event) as applied, so a redelivery or a replay of an applied event changes nothing.
 * It must be synchronous (better-sqlite3 transactions are).
 */
export interface TransactionalEventHandler {
  readonly name: string;
  apply(db: SqliteDatabase, input: unknown, context: HandlerContext): void;
}

export type AnyEventHandler = EventHandler | TransactionalEventHandler;

export const isTransactional = (h: AnyEventHandler): h is TransactionalEventHandler => 'apply' in h;

/** Handlers by the name rule targets use (`{ type: 'handler', handler: '<name>' }`). */
export class HandlerRegistry {
  private readonly handlers = new Map<string, AnyEventHandler>();

  constructor(handlers: readonly AnyEventHandler[] = []) {
    for (const handler of handlers) this.register(handler);
  }

  /** Adds or replaces a handler; returns a disposer that removes it. */
  register(handler: AnyEventHandler): () => void {
    this.handlers.set(handler.name, handler);
    return () => {
      if (this.handlers.get(handler.name) === handler) this.handlers.delete(handler.name);
    };
  }

  get(name: string): AnyEventHandler | undefined {
    return this.handlers.get(name);
  }

  names(): string[] {
    return [...this.handlers.keys()];
  }
}
