import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  memoryRecord,
  runMemorySearchConformance,
} from '../../../test/conformance/memory-search-conformance.js';
import { requirePostgres, testPool, testSchemaName } from '../../../test/support/postgres.js';
import { PostgresMemorySearch } from './memory-search.js';
import { dropSchema } from './schema.js';
import { PostgresMemoStore } from './store.js';

const postgres = await requirePostgres();

describe.skipIf(!postgres)('PostgreSQL memory search', () => {
  let pool: Pool;
  beforeAll(() => {
    pool = testPool();
  });
  afterAll(async () => {
    await pool.end();
  });

  runMemorySearchConformance({
    name: 'PostgreSQL tsvector',
    create: async () => {
      const schema = testSchemaName();
      const search = await PostgresMemorySearch.open(pool, { schema });
      return {
        search,
        cleanup: async () => {
          await search.close();
          await dropSchema(pool, schema);
        },
      };
    },
  });

  it('lives beside the store in the same schema, each with its own migrations', async () => {
    const schema = testSchemaName();
    try {
      await PostgresMemoStore.open(pool, { schema });
      const first = await PostgresMemorySearch.open(pool, { schema });
      await first.index([memoryRecord('m1', 'Stargazing on the roof with Dad.')]);
      const again = await PostgresMemorySearch.open(pool, { schema });
      expect((await again.search('stargazing', {}, 10)).map((hit) => hit.memoId)).toEqual(['m1']);
      const { rows } = await pool.query<{ component: string }>(
        `SELECT DISTINCT component FROM "${schema}".schema_migrations ORDER BY 1`,
      );
      expect(rows.map((row) => row.component)).toEqual(['memory-search', 'store']);
    } finally {
      await dropSchema(pool, schema);
    }
  });

  it('finds nothing, without an error, for a query of stop words only', async () => {
    const schema = testSchemaName();
    try {
      const search = await PostgresMemorySearch.open(pool, { schema });
      await search.index([memoryRecord('m1', 'The lake was with us.')]);
      expect(await search.search('the with', {}, 10)).toEqual([]);
      expect((await search.search('the lake', {}, 10)).map((hit) => hit.memoId)).toEqual(['m1']);
    } finally {
      await dropSchema(pool, schema);
    }
  });
});
