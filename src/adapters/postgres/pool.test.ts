import { describe, expect, it } from 'vitest';
import { isConfigError } from '../../domain/errors.js';
import { redactUrl } from '../redact-url.js';
import { isStoreUnavailableError } from './errors.js';
import { connectPostgres } from './pool.js';
import { parsePostgresUrl } from './url.js';

describe('parsePostgresUrl', () => {
  it('takes the schema out of the URL and leaves the rest to pg', () => {
    expect(parsePostgresUrl('postgres://ws:secret@db:5433/app?schema=whispersync&sslmode=require')).toEqual({
      connectionString: 'postgres://ws:secret@db:5433/app?sslmode=require',
      schema: 'whispersync',
    });
    expect(parsePostgresUrl('postgresql://127.0.0.1/test').schema).toBe('public');
  });

  it('rejects what is not a postgres URL or a plain schema name, hiding the password', () => {
    for (const url of ['not a url', 'mysql://db/x', 'postgres://u:secret@db/x?schema=Bad-Name']) {
      const error = (() => {
        try {
          parsePostgresUrl(url);
        } catch (e) {
          return e;
        }
      })();
      expect(isConfigError(error), url).toBe(true);
      expect((error as Error).message).not.toContain('secret');
    }
  });

  it('hides passwords in messages', () => {
    expect(redactUrl('postgres://u:secret@db/x')).toBe('postgres://u:***@db/x');
  });
});

describe('connectPostgres', () => {
  it('fails at once with StoreUnavailableError when nothing listens', async () => {
    const error = await connectPostgres(parsePostgresUrl('postgres://u:secret@127.0.0.1:1/test')).catch(
      (e: unknown) => e,
    );
    expect(isStoreUnavailableError(error)).toBe(true);
    expect((error as Error).message).toContain('127.0.0.1:1/test');
    expect((error as Error).message).not.toContain('secret');
  });
});
