import { describe, expect, it } from 'vitest';
import { parseMemoFile } from './parse-memo-file.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const FILE_TIME = Date.parse('2026-11-20T08:00:00Z');
const parse = (relPath: string, content: string | Uint8Array) =>
  parseMemoFile(typeof content === 'string' ? Buffer.from(content) : content, {
    relPath,
    fileTimeMs: FILE_TIME,
    nowMs: NOW,
  });
const reasonOf = (result: ReturnType<typeof parse>) => (result.ok ? 'accepted' : result.reason);

describe('parseMemoFile: accepted memos', () => {
  it('takes route from the folder and recordedAt from the file name (UTC)', () => {
    const result = parse('work/2026-11-24_0930.txt', '  Standup went fine.\n');
    expect(result).toEqual({
      ok: true,
      memo: {
        text: 'Standup went fine.',
        recordedAt: '2026-11-24T09:30:00.000Z',
        route: 'work',
        metadata: {},
      },
    });
  });

  it('understands route aliases from the original design', () => {
    expect(
      parse('github_ideas/2026-11-24_0930.txt', 'An app.').ok && parse('github_ideas/x.txt', 'a').ok,
    ).toBe(true);
    const memo = (p: string) => {
      const r = parse(p, 'hello there');
      return r.ok ? r.memo.route : r.reason;
    };
    expect(memo('github_ideas/2026-11-24_0930.txt')).toBe('ideas');
    expect(memo('work_journal/2026-11-24_0930.txt')).toBe('work');
    expect(memo('memory/2026-11-24_0930.txt')).toBe('memories');
    expect(memo('Memories/2026-11-24_0930.txt')).toBe('memories');
  });

  it('sends a memo outside any route folder to the inbox', () => {
    const result = parse('2026-11-24_0930.txt', 'Something to sort later.');
    expect(result.ok && result.memo.route).toBe('inbox');
  });

  it('falls back to the file time when the name holds no date', () => {
    const result = parse('memories/beach-day.txt', 'We went to the beach.');
    expect(result.ok && result.memo.recordedAt).toBe('2026-11-20T08:00:00.000Z');
  });

  it('reads front matter: recordedAt beats the file name, route beats the folder, the rest is metadata', () => {
    const md =
      '---\nrecordedAt: 2026-11-02T18:15:00Z\nroute: ideas\ntitle: Plant app\ntags: [garden]\n---\nAn app that waters plants.\n';
    expect(parse('memories/2026-11-24_0930.md', md)).toEqual({
      ok: true,
      memo: {
        text: 'An app that waters plants.',
        recordedAt: '2026-11-02T18:15:00.000Z',
        route: 'ideas',
        metadata: { title: 'Plant app', tags: ['garden'] },
      },
    });
  });

  it('reads JSON memos with their fields', () => {
    const json = JSON.stringify({
      text: 'Met Sarah for coffee.',
      recordedAt: '2026-11-03T10:00:00Z',
      user: 'ana',
      metadata: { device: 'watch' },
    });
    expect(parse('memories/coffee.json', json)).toEqual({
      ok: true,
      memo: {
        text: 'Met Sarah for coffee.',
        recordedAt: '2026-11-03T10:00:00.000Z',
        route: 'memories',
        userId: 'ana',
        metadata: { device: 'watch' },
      },
    });
  });
});

describe('parseMemoFile: bad input is named and explained', () => {
  it.each([
    ['empty file', 'work/2026-11-24_0930.txt', '', 'empty file'],
    ['whitespace only', 'work/2026-11-24_0930.txt', ' \n\t \n', 'only whitespace, no transcript'],
    [
      'binary',
      'work/2026-11-24_0930.txt',
      new Uint8Array([0x49, 0x44, 0x33, 0x00, 0x01, 0x02]),
      'binary file, not a text transcript',
    ],
    [
      'not UTF-8',
      'work/2026-11-24_0930.txt',
      new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b]),
      'not valid UTF-8 (first bad byte at offset 3); save it as UTF-8',
    ],
    ['unknown route folder', 'recipes/2026-11-24_0930.txt', 'Pasta.', 'unknown route folder recipes/'],
    ['unsupported type', 'work/2026-11-24_0930.wav', 'RIFF', 'unsupported file type .wav'],
    ['broken JSON', 'work/2026-11-24_0930.json', '{"text": "hi",', 'broken JSON'],
    [
      'JSON without text',
      'work/2026-11-24_0930.json',
      '{"recordedAt": "2026-11-01T00:00:00Z"}',
      'JSON memo fields: text',
    ],
    ['JSON with empty text', 'work/a.json', '{"text": "   "}', 'JSON memo fields: text must not be empty'],
    [
      'broken front matter',
      'work/2026-11-24_0930.md',
      '---\ntitle: [unclosed\n---\nBody',
      'broken front matter',
    ],
    [
      'unclosed front matter',
      'work/2026-11-24_0930.md',
      '---\ntitle: x\nBody',
      'front matter opened with --- is never closed',
    ],
    [
      'front matter without body',
      'work/2026-11-24_0930.md',
      '---\ntitle: x\n---\n\n',
      'front matter but no transcript after it',
    ],
    [
      'unparseable date in the name',
      'work/2026-13-45_0930.txt',
      'Hi.',
      'file name 2026-13-45_0930.txt does not hold a real date',
    ],
    [
      'unparseable date field',
      'work/a.md',
      '---\nrecordedAt: last tuesday\n---\nHi.',
      'recordedAt "last tuesday" is not a date',
    ],
    ['future date', 'work/2027-01-05_0930.txt', 'Hi.', 'recorded in the future (2027-01-05T09:30:00.000Z)'],
    [
      'unknown route field',
      'work/a.md',
      '---\nroute: shopping\n---\nMilk.',
      'route "shopping" is not work, memories or ideas',
    ],
  ])('%s', (_label, relPath, content, reason) => {
    expect(reasonOf(parse(relPath, content))).toContain(reason);
  });
});
