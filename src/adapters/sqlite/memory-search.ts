import { InvalidMemoError } from '../../domain/errors.js';
import type { MemoryRecord } from '../../domain/results.js';
import type { MemorySearch, SearchFilters, SearchHit } from '../../ports/memory-search.js';
import { instantRangeOf, personKey } from '../../search/filters.js';
import { queryTerms } from '../../search/query-terms.js';
import { memoryRecordVersion } from '../../search/record-version.js';
import { MATCH_CLOSE, MATCH_OPEN, shownSnippet } from '../../search/snippet.js';
import { migrate, type SqliteDatabase } from './database.js';

export const MEMORY_SEARCH_MIGRATIONS = [
  // `porter unicode61`: words are stemmed (camped, camping → camp) after Unicode-aware splitting and
  // folding of case and diacritics (café → cafe). The FTS table keeps its own copy of the text, which
  // snippet() needs; the filter columns live beside it, keyed by the FTS rowid.
  `CREATE VIRTUAL TABLE memory_search_fts USING fts5(text, tags, tokenize = 'porter unicode61');
   CREATE TABLE memory_search_docs (
     doc INTEGER PRIMARY KEY,         -- rowid of the memo's row in memory_search_fts
     memo_id TEXT NOT NULL UNIQUE,
     recorded_at TEXT NOT NULL,       -- the record's recordedAt, as shown
     recorded_utc TEXT NOT NULL,      -- the same instant as UTC ISO, for the day filters
     sentiment TEXT NOT NULL,
     facets TEXT NOT NULL,            -- people, places, sentiment, tags as JSON, for the hits
     version TEXT NOT NULL            -- memoryRecordVersion of the record as indexed
   );
   CREATE INDEX memory_search_docs_recorded ON memory_search_docs (recorded_utc);
   CREATE TABLE memory_search_people (
     person TEXT NOT NULL,            -- personKey(name): compared case-insensitively
     doc INTEGER NOT NULL,
     PRIMARY KEY (person, doc)
   ) WITHOUT ROWID;
   CREATE INDEX memory_search_people_doc ON memory_search_people (doc);`,
];

type Facets = Pick<SearchHit, 'people' | 'places' | 'sentiment' | 'tags'>;

interface HitRow {
  memo_id: string;
  recorded_at: string;
  facets: string;
  score: number;
  text_snippet: string;
  tags_snippet: string;
}

interface SearchParams {
  match: string;
  start: string | null;
  end: string | null;
  sentiment: string | null;
  person: string | null;
  limit: number;
}

const SNIPPET_TOKENS = 16;
// bm25 weights of the columns: a word in the transcript counts twice a word among the tags.
const RANK = 'bm25(memory_search_fts, 1.0, 0.5)';

/** Opens full-text search over memories on a database the caller owns (and closes), e.g. the store's. */
export function openMemorySearch(db: SqliteDatabase): MemorySearch {
  return new SqliteMemorySearch(db);
}

/** Memories in an FTS5 table, ranked by bm25, with a side table for the date, sentiment and person filters. */
export class SqliteMemorySearch implements MemorySearch {
  private readonly docOf;
  private readonly insertDoc;
  private readonly insertText;
  private readonly insertPerson;
  private readonly deleteDoc;
  private readonly deleteText;
  private readonly deletePeople;
  private readonly versions;
  private readonly hits;

  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'memory-search', MEMORY_SEARCH_MIGRATIONS);
    this.docOf = db.prepare<[string], { doc: number; version: string }>(
      'SELECT doc, version FROM memory_search_docs WHERE memo_id = ?',
    );
    this.insertDoc = db.prepare(
      `INSERT INTO memory_search_docs (memo_id, recorded_at, recorded_utc, sentiment, facets, version)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.insertText = db.prepare('INSERT INTO memory_search_fts (rowid, text, tags) VALUES (?, ?, ?)');
    this.insertPerson = db.prepare(
      'INSERT INTO memory_search_people (person, doc) VALUES (?, ?) ON CONFLICT DO NOTHING',
    );
    this.deleteDoc = db.prepare('DELETE FROM memory_search_docs WHERE doc = ?');
    this.deleteText = db.prepare('DELETE FROM memory_search_fts WHERE rowid = ?');
    this.deletePeople = db.prepare('DELETE FROM memory_search_people WHERE doc = ?');
    this.versions = db.prepare<[], { memo_id: string; version: string }>(
      'SELECT memo_id, version FROM memory_search_docs',
    );
    this.hits = db.prepare<[SearchParams], HitRow>(
      `SELECT d.memo_id, d.recorded_at, d.facets, -${RANK} AS score,
              snippet(memory_search_fts, 0, '${MATCH_OPEN}', '${MATCH_CLOSE}', ' … ', ${SNIPPET_TOKENS}) AS text_snippet,
              snippet(memory_search_fts, 1, '${MATCH_OPEN}', '${MATCH_CLOSE}', ' … ', ${SNIPPET_TOKENS}) AS tags_snippet
       FROM memory_search_fts JOIN memory_search_docs d ON d.doc = memory_search_fts.rowid
       WHERE memory_search_fts MATCH @match
         AND (@start IS NULL OR d.recorded_utc >= @start)
         AND (@end IS NULL OR d.recorded_utc < @end)
         AND (@sentiment IS NULL OR d.sentiment = @sentiment)
         AND (@person IS NULL OR EXISTS (
               SELECT 1 FROM memory_search_people p WHERE p.doc = d.doc AND p.person = @person))
       ORDER BY ${RANK}, d.recorded_utc DESC, d.memo_id
       LIMIT @limit`,
    );
  }

  async index(records: readonly MemoryRecord[]): Promise<void> {
    this.db
      .transaction(() => {
        for (const record of records) this.upsert(record);
      })
      .immediate();
  }

  async remove(memoIds: readonly string[]): Promise<void> {
    this.db
      .transaction(() => {
        for (const memoId of memoIds) {
          const existing = this.docOf.get(memoId);
          if (existing) this.forget(existing.doc);
        }
      })
      .immediate();
  }

  async search(query: string, filters: SearchFilters, limit: number): Promise<SearchHit[]> {
    const terms = queryTerms(query);
    if (!Number.isInteger(limit) || limit < 1)
      throw new InvalidMemoError(`search limit ${limit}`, 'must be a whole number of at least 1');
    const { start, end } = instantRangeOf(filters);
    const params: Omit<SearchParams, 'match'> = {
      start: start ?? null,
      end: end ?? null,
      sentiment: filters.sentiment ?? null,
      person: filters.person === undefined ? null : personKey(filters.person),
      limit,
    };
    // All the words first: a person typing "camping with dad" means memories about all of it, and OR
    // would pad the list with every memory that merely says "with" or "dad". But one word the archive
    // never uses (a typo, "my" instead of "with") would then hide everything, so when no memory has
    // every word, any word will do, still ranked by bm25 (rarer words and more of them rank higher).
    const all = this.hits.all({ ...params, match: fts5Query(terms, 'AND') });
    const rows =
      all.length > 0 || terms.length === 1
        ? all
        : this.hits.all({ ...params, match: fts5Query(terms, 'OR') });
    return rows.map(hitOf);
  }

  async indexedVersions(): Promise<Map<string, string>> {
    return new Map(this.versions.all().map((row) => [row.memo_id, row.version]));
  }

  async close(): Promise<void> {
    // The database belongs to the caller, who closes it once every adapter sharing it is done.
  }

  private upsert(record: MemoryRecord): void {
    const version = memoryRecordVersion(record);
    const existing = this.docOf.get(record.memoId);
    if (existing?.version === version) return;
    if (existing) this.forget(existing.doc);
    const facets: Facets = {
      people: record.people,
      places: record.places,
      sentiment: record.sentiment,
      tags: record.tags,
    };
    const recorded = new Date(record.recordedAt);
    if (Number.isNaN(recorded.getTime()))
      throw new InvalidMemoError(`memory ${record.memoId}`, `recordedAt ${record.recordedAt} is not a date`);
    const { lastInsertRowid: doc } = this.insertDoc.run(
      record.memoId,
      record.recordedAt,
      recorded.toISOString(),
      record.sentiment.label,
      JSON.stringify(facets),
      version,
    );
    this.insertText.run(doc, record.text, record.tags.join(' '));
    for (const person of new Set(record.people.map(personKey))) this.insertPerson.run(person, doc);
  }

  private forget(doc: number): void {
    this.deleteText.run(doc);
    this.deletePeople.run(doc);
    this.deleteDoc.run(doc);
  }
}

/**
 * The words as an FTS5 query that cannot be a syntax error: each word becomes a string (`"…"`, inner
 * quotes doubled), so `AND`, `NEAR(`, `*`, `:`, `^` or parentheses are only words; the tokenizer splits a
 * string into a phrase exactly as it split the indexed text (`mia's` → `mia s`).
 */
export function fts5Query(terms: readonly string[], operator: 'AND' | 'OR'): string {
  return terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(` ${operator} `);
}

function hitOf(row: HitRow): SearchHit {
  const facets = JSON.parse(row.facets) as Facets;
  return {
    memoId: row.memo_id,
    recordedAt: row.recorded_at,
    snippet: shownSnippet(row.text_snippet, row.tags_snippet),
    score: row.score,
    ...facets,
  };
}
