import type { Pool } from 'pg';
import { InvalidMemoError } from '../../domain/errors.js';
import type { MemoryRecord } from '../../domain/results.js';
import type { MemorySearch, SearchFilters, SearchHit } from '../../ports/memory-search.js';
import { instantRangeOf, personKey } from '../../search/filters.js';
import { queryTerms } from '../../search/query-terms.js';
import { memoryRecordVersion } from '../../search/record-version.js';
import { MATCH_CLOSE, MATCH_OPEN, shownSnippet } from '../../search/snippet.js';
import { chunksOf, PostgresDatabase } from './database.js';
import { migrate } from './migrations.js';

/**
 * One row per memory. `document` is generated from the text (weight A) and the tags (weight B) with the
 * `english` configuration: Snowball stemming (camped, camping → camp) and English stop words; a GIN index
 * serves `@@`. The filter columns sit beside it: people as `personKey`s in an array (GIN, `@>`).
 */
export const MEMORY_SEARCH_MIGRATIONS = [
  `CREATE TABLE memory_search_docs (
     memo_id TEXT COLLATE "C" PRIMARY KEY,
     recorded_at TEXT NOT NULL,          -- the record's recordedAt, as shown
     recorded_utc TIMESTAMPTZ NOT NULL,  -- the same instant, for the day filters
     sentiment TEXT NOT NULL,
     people TEXT[] NOT NULL,             -- personKey(name) of each person: compared case-insensitively
     facets JSONB NOT NULL,              -- people, places, sentiment, tags as the hits show them
     body TEXT NOT NULL,
     tags TEXT NOT NULL,
     version TEXT NOT NULL,              -- memoryRecordVersion of the record as indexed
     document TSVECTOR GENERATED ALWAYS AS (
       setweight(to_tsvector('english', body), 'A') || setweight(to_tsvector('english', tags), 'B')
     ) STORED
   );
   CREATE INDEX memory_search_document ON memory_search_docs USING gin (document);
   CREATE INDEX memory_search_people ON memory_search_docs USING gin (people);
   CREATE INDEX memory_search_recorded ON memory_search_docs (recorded_utc);`,
];

export interface PostgresMemorySearchOptions {
  /** Schema holding the index; created when missing. @default 'public' */
  schema?: string;
  /** Records per statement when indexing, ids per statement when removing. @default 500 */
  chunkSize?: number;
}

type Facets = Pick<SearchHit, 'people' | 'places' | 'sentiment' | 'tags'>;

interface HitRow {
  memo_id: string;
  recorded_at: string;
  facets: Facets;
  score: number;
  text_snippet: string;
  tags_snippet: string;
}

const HEADLINE = `StartSel=${MATCH_OPEN}, StopSel=${MATCH_CLOSE}, MaxWords=20, MinWords=8`;
// ts_rank_cd weights for D, C, B, A: a word in the transcript (A) counts twice a word among the tags (B),
// as in the SQLite adapter's bm25 weights.
const WEIGHTS = '{0.1, 0.2, 0.5, 1.0}';

/**
 * Memories in PostgreSQL full-text search: a generated `tsvector` with a GIN index, ranked by cover
 * density (`ts_rank_cd`: more of the words, closer together, ranks higher), snippets by `ts_headline`.
 */
export class PostgresMemorySearch implements MemorySearch {
  private readonly docs: string;
  private readonly chunkSize: number;
  private readonly searchSql: string;

  private constructor(
    private readonly db: PostgresDatabase,
    options: PostgresMemorySearchOptions,
  ) {
    this.docs = db.table('memory_search_docs');
    this.chunkSize = options.chunkSize ?? 500;
    // Each word becomes its own phrase query (phraseto_tsquery never raises, whatever the text: it only
    // takes the words out), so `AND`, `-dad`, `"` or `(` are plain words; words that are only stop words
    // or punctuation drop out; the rest are joined with & or | as tsquery text, which is valid tsquery
    // syntax because PostgreSQL printed it. The snippets are made for the page of hits only.
    this.searchSql = `
      WITH terms AS (
        SELECT phraseto_tsquery('english', word) AS q FROM unnest($1::text[]) AS word
      ), query AS (
        SELECT string_agg('(' || q::text || ')', $2)::tsquery AS q FROM terms WHERE numnode(q) > 0
      ), hits AS (
        SELECT d.memo_id, d.recorded_at, d.recorded_utc, d.facets, d.body, d.tags, query.q,
               ts_rank_cd('${WEIGHTS}', d.document, query.q) AS score
        FROM ${this.docs} AS d, query
        WHERE d.document @@ query.q
          AND ($3::timestamptz IS NULL OR d.recorded_utc >= $3::timestamptz)
          AND ($4::timestamptz IS NULL OR d.recorded_utc < $4::timestamptz)
          AND ($5::text IS NULL OR d.sentiment = $5::text)
          AND ($6::text IS NULL OR d.people @> ARRAY[$6::text])
        ORDER BY score DESC, d.recorded_utc DESC, d.memo_id
        LIMIT $7
      )
      SELECT memo_id, recorded_at, facets, score::float8 AS score,
             ts_headline('english', body, q, $8) AS text_snippet,
             ts_headline('english', tags, q, $8) AS tags_snippet
      FROM hits
      ORDER BY score DESC, recorded_utc DESC, memo_id`;
  }

  /** Migrates the schema (under an advisory lock) and opens the index. */
  static async open(pool: Pool, options: PostgresMemorySearchOptions = {}): Promise<PostgresMemorySearch> {
    const db = new PostgresDatabase(pool, options.schema === undefined ? {} : { schema: options.schema });
    await migrate(db, 'memory-search', MEMORY_SEARCH_MIGRATIONS);
    return new PostgresMemorySearch(db, options);
  }

  async index(records: readonly MemoryRecord[]): Promise<void> {
    // The last record of a memo wins, as when indexed in turn; ON CONFLICT may touch a row only once.
    const latest = new Map<string, MemoryRecord>();
    for (const record of records) {
      latest.delete(record.memoId);
      latest.set(record.memoId, record);
    }
    const rows = [...latest.values()].map(rowOf).sort((a, b) => (a.memoId < b.memoId ? -1 : 1));
    await this.db.transaction('indexing memories', async (client) => {
      for (const chunk of chunksOf(rows, this.chunkSize))
        await client.query(
          `INSERT INTO ${this.docs} AS d
             (memo_id, recorded_at, recorded_utc, sentiment, people, facets, body, tags, version)
           SELECT r->>'memoId', r->>'recordedAt', (r->>'recordedUtc')::timestamptz, r->>'sentiment',
                  ARRAY(SELECT jsonb_array_elements_text(r->'people')), r->'facets', r->>'text', r->>'tags',
                  r->>'version'
           FROM jsonb_array_elements($1::jsonb) AS r
           ON CONFLICT (memo_id) DO UPDATE
           SET recorded_at = excluded.recorded_at, recorded_utc = excluded.recorded_utc,
               sentiment = excluded.sentiment, people = excluded.people, facets = excluded.facets,
               body = excluded.body, tags = excluded.tags, version = excluded.version
           WHERE d.version IS DISTINCT FROM excluded.version`,
          // JSONB and text cannot hold U+0000; in a search index a space does just as well.
          [
            JSON.stringify(chunk, (_key, value: unknown) =>
              typeof value === 'string' ? withoutNul(value) : value,
            ),
          ],
        );
    });
  }

  async remove(memoIds: readonly string[]): Promise<void> {
    await this.db.transaction('removing memories from the index', async (client) => {
      for (const chunk of chunksOf([...new Set(memoIds)], this.chunkSize))
        await client.query(`DELETE FROM ${this.docs} WHERE memo_id = ANY($1::text[])`, [chunk]);
    });
  }

  async search(query: string, filters: SearchFilters, limit: number): Promise<SearchHit[]> {
    const terms = queryTerms(query).map(withoutNul);
    if (!Number.isInteger(limit) || limit < 1)
      throw new InvalidMemoError(`search limit ${limit}`, 'must be a whole number of at least 1');
    const { start, end } = instantRangeOf(filters);
    const params = (operator: ' & ' | ' | ') => [
      terms,
      operator,
      start ?? null,
      end ?? null,
      filters.sentiment ?? null,
      filters.person === undefined ? null : withoutNul(personKey(filters.person)),
      limit,
      HEADLINE,
    ];
    // All the words first: "camping with dad" means memories about all of it. One word the archive never
    // uses would then hide everything, so when no memory has every word, any word will do, still ranked
    // by cover density.
    const all = await this.db.query<HitRow>('searching memories', this.searchSql, params(' & '));
    const rows =
      all.length > 0 || terms.length === 1
        ? all
        : await this.db.query<HitRow>('searching memories', this.searchSql, params(' | '));
    return rows.map(hitOf);
  }

  async indexedVersions(): Promise<Map<string, string>> {
    const rows = await this.db.query<{ memo_id: string; version: string }>(
      'reading indexed versions',
      `SELECT memo_id, version FROM ${this.docs}`,
    );
    return new Map(rows.map((row) => [row.memo_id, row.version]));
  }

  async close(): Promise<void> {
    // The pool belongs to the caller, who ends it once every adapter sharing it is done.
  }
}

function rowOf(record: MemoryRecord) {
  const recorded = new Date(record.recordedAt);
  if (Number.isNaN(recorded.getTime()))
    throw new InvalidMemoError(`memory ${record.memoId}`, `recordedAt ${record.recordedAt} is not a date`);
  const facets: Facets = {
    people: record.people,
    places: record.places,
    sentiment: record.sentiment,
    tags: record.tags,
  };
  return {
    memoId: record.memoId,
    recordedAt: record.recordedAt,
    recordedUtc: recorded.toISOString(),
    sentiment: record.sentiment.label,
    people: [...new Set(record.people.map(personKey))],
    facets,
    text: record.text,
    tags: record.tags.join(' '),
    version: memoryRecordVersion(record),
  };
}

function hitOf(row: HitRow): SearchHit {
  return {
    memoId: row.memo_id,
    recordedAt: row.recorded_at,
    snippet: shownSnippet(row.text_snippet, row.tags_snippet),
    score: row.score,
    ...row.facets,
  };
}

function withoutNul(text: string): string {
  return text.replaceAll('\0', ' ');
}
