import type { ShardLayout, ShardLayoutStore } from '../../ports/shard-layout.js';
import { migrate, type SqliteDatabase } from './database.js';

/** Append-only, like every migration list: one row per sharded queue of the file. */
const MIGRATIONS = [
  `CREATE TABLE queue_shard_layouts (
     queue TEXT PRIMARY KEY,
     shards INTEGER NOT NULL,
     rebalancing_from INTEGER,                 -- NULL unless a rebalance is unfinished
     version INTEGER NOT NULL
   ) WITHOUT ROWID;`,
  // The shard key the queue's messages were placed by; NULL in layouts made before it was kept.
  `ALTER TABLE queue_shard_layouts ADD COLUMN shard_key TEXT;`,
];

interface LayoutRow {
  shards: number;
  rebalancing_from: number | null;
  shard_key: string | null;
  version: number;
}

/**
 * A sharded queue's layout in the queue's own SQLite file, so every process sharing the file reads
 * the same shard count.
 */
export class SqliteShardLayoutStore implements ShardLayoutStore {
  private readonly create;
  private readonly select;
  private readonly update;

  constructor(
    db: SqliteDatabase,
    private readonly queue: string,
  ) {
    migrate(db, 'queue-shards', MIGRATIONS);
    // A layout without a key (made before keys were kept) takes the first key a process names.
    this.create = db.prepare<[queue: string, shards: number, key: string | null]>(
      `INSERT INTO queue_shard_layouts (queue, shards, shard_key, version) VALUES (?, ?, ?, 1)
       ON CONFLICT (queue) DO UPDATE SET shard_key = excluded.shard_key WHERE shard_key IS NULL`,
    );
    this.select = db.prepare<[queue: string], LayoutRow>(
      'SELECT shards, rebalancing_from, shard_key, version FROM queue_shard_layouts WHERE queue = ?',
    );
    this.update = db.prepare<
      [shards: number, from: number | null, key: string | null, queue: string, version: number]
    >(
      `UPDATE queue_shard_layouts SET shards = ?, rebalancing_from = ?, shard_key = coalesce(?, shard_key),
         version = version + 1
        WHERE queue = ? AND version = ?`,
    );
  }

  async load(initialShards: number, key?: string): Promise<ShardLayout> {
    this.create.run(this.queue, initialShards, key ?? null);
    const row = this.select.get(this.queue)!;
    return {
      shards: row.shards,
      ...(row.rebalancing_from === null ? {} : { rebalancingFrom: row.rebalancing_from }),
      ...(row.shard_key === null ? {} : { key: row.shard_key }),
      version: row.version,
    };
  }

  async replace(expectedVersion: number, next: Omit<ShardLayout, 'version'>): Promise<boolean> {
    const from = next.rebalancingFrom ?? null;
    return this.update.run(next.shards, from, next.key ?? null, this.queue, expectedVersion).changes === 1;
  }
}
