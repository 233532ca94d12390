/**
 * What the search box matches, kept on each customer as `searchTokens`: the words of the name
 * (lower-cased, accents folded: "Böb" is found by "bob"), each e-mail address and the digits of
 * each phone number. A search matches customers having, for every word typed, a token that starts
 * with it — the word-prefix search agents know from CRMs — and each word is answered from the
 * `searchTokens` index as an ordered range, instead of testing a substring against every customer
 * (a second per search at 100k customers).
 */
export interface Searchable {
  displayName: string;
  emails?: Array<{ address: string }>;
  phones?: Array<{ number: string }>;
}

const WORD_SEPARATORS = /[^\p{L}\p{N}@.+_-]+/u;

/** Lower case without combining marks (NFKD): the form both the tokens and the typed words take. */
export function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** The words of a name or a query, folded: letters and digits, split at anything else. */
export function nameWords(s: string): string[] {
  return fold(s)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export function searchTokensOf(c: Searchable): string[] {
  const tokens = new Set<string>(nameWords(c.displayName));
  for (const e of c.emails ?? []) if (e.address) tokens.add(e.address.toLowerCase());
  for (const p of c.phones ?? []) {
    const digits = p.number.replace(/\D/g, '');
    if (digits) tokens.add(digits);
  }
  return [...tokens];
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The filter for what an agent typed, or null when nothing searchable was typed. An e-mail-looking
 * term stays whole ("ann@ex" is one token's prefix); phone-looking terms keep their digits.
 */
export function searchFilterOf(q: string): Record<string, unknown> | null {
  const typed = fold(q.trim());
  // A phone number typed with its punctuation and spaces ("(0)7700 900-12") is one run of digits.
  if (/^[+\d\s().-]+$/.test(typed)) {
    const digits = typed.replace(/\D/g, '');
    return digits ? { searchTokens: { $regex: `^${digits}` } } : null;
  }
  const terms = typed
    .split(WORD_SEPARATORS)
    .flatMap((t) => (t.includes('@') ? [t] : /^\+?[\d().-]+$/.test(t) ? [t.replace(/\D/g, '')] : t.split(/[^\p{L}\p{N}]+/u)))
    .filter(Boolean);
  if (terms.length === 0) return null;
  const conditions = [...new Set(terms)].slice(0, 6).map((t) => ({ searchTokens: { $regex: `^${escapeRegex(t)}` } }));
  return conditions.length === 1 ? conditions[0] : { $and: conditions };
}
