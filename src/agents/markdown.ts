/** Just enough Markdown escaping that words from a transcript cannot change a file's layout. */

const SPACES = /\s+/g;
const INLINE_SPECIALS = /[\\`*_[\]]/g;
const BLOCK_START = /^(?:[#>+=-]|\d+[.)])/;

/**
 * A transcript fragment as one line of Markdown text: newlines folded; `\ ` * _ [ ]` escaped;
 * `&`, `<`, `>` as entities, so no HTML (not even a fake `<!-- memo:… -->`) can be injected;
 * a leading `#`, `>`, `-`, `+`, `=` or `1.` escaped so the line never becomes a heading or list.
 */
export function inlineMarkdown(text: string): string {
  const escaped = text
    .replace(SPACES, ' ')
    .trim()
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(INLINE_SPECIALS, '\\$&');
  return BLOCK_START.test(escaped) ? `\\${escaped}` : escaped;
}

/** Text for a Markdown table cell: inline-escaped, with `|` escaped too. */
export function tableCell(text: string): string {
  return inlineMarkdown(text).replace(/\|/g, '\\|');
}

/** Tags as `#tag` words, in the order given. */
export function hashtags(tags: readonly string[]): string {
  return tags.map((tag) => `#${inlineMarkdown(tag)}`).join(' ');
}

/** The trace of the memo an entry came from; appears exactly once per entry. */
export function memoMark(memoId: string): string {
  return `<!-- memo:${memoId.replace(/[^0-9A-Za-z_-]/g, '')} -->`;
}
