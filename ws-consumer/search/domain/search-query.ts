import { SearchError } from './search.errors';

/** Longest query text accepted (characters). */
export const MAX_QUERY_LENGTH = 200;
/** Shortest text a trigram index serves; shorter user queries are a prefix match on the username. */
export const MIN_SUBSTRING_LENGTH = 3;

/**
 * The query text as every backend searches it: trimmed, inner whitespace collapsed, NUL refused.
 * It is literal text: `%`, `_`, `*`, `?`, quotes, backslashes and query syntax of any backend match
 * themselves (each adapter escapes them for its own language).
 */
export function searchText(raw: string): string {
  const text = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (text.length === 0) throw new SearchError('SEARCH.BAD_QUERY', 'q must not be empty');
  if ([...text].length > MAX_QUERY_LENGTH) throw new SearchError('SEARCH.BAD_QUERY', `q must be at most ${MAX_QUERY_LENGTH} characters`);
  if (text.includes('\u0000')) throw new SearchError('SEARCH.BAD_QUERY', 'q must not contain NUL');
  return text.toLowerCase();
}

/** How a user query is matched: a substring of username, email or phone, or (1–2 characters) a username prefix. */
export function userMatch(text: string): 'substring' | 'prefix' {
  return [...text].length >= MIN_SUBSTRING_LENGTH ? 'substring' : 'prefix';
}

/**
 * Snippet highlight marks the adapters put around matched words (control characters, which stored
 * text never contains), turned into `<mark>` by the application after HTML-escaping the text.
 */
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** A snippet with the adapter's marks as HTML: the text escaped, each mark a `<mark>` element. */
export function snippetHtml(marked: string): string {
  return marked
    .replace(/[&<>"']/g, (c) => HTML[c])
    .split(MARK_START)
    .join('<mark>')
    .split(MARK_END)
    .join('</mark>');
}
