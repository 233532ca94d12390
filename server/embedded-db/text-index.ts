import { CommandError, badValue } from './errors.js';
import type { Doc } from './keys.js';

/**
 * `$text` over a collection's text index, in the spirit of MongoDB's: fields and weights come from
 * the index; text is tokenised on non-alphanumerics, folded to lower case and stripped of
 * diacritics (unless the query asks for case or diacritic sensitivity); English stop words are
 * dropped and words lightly stemmed (language "none" keeps every word as it is). `$search` takes
 * terms (any may match), "quoted phrases" (all must appear) and -negations (none may match). The
 * score is an approximation of MongoDB's (weights times term frequency); it orders results sensibly
 * but is not bit-for-bit mongod's.
 */

interface TextIndexLike {
  spec: { key: Record<string, unknown>; weights?: unknown; default_language?: unknown; name: string };
}

const STOP_WORDS = new Set(
  ('a about above after again against all am an and any are as at be because been before being below between both but by ' +
    'can did do does doing down during each few for from further had has have having he her here hers herself him himself his ' +
    'how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves ' +
    'out over own same she should so some such than that the their theirs them themselves then there these they this those through ' +
    'to too under until up very was we were what when where which while who whom why will with you your yours yourself yourselves')
    .split(' '),
);

/** A light English stemmer (Porter's step 1): enough that "cakes" finds "cake" and "baking" finds "bake". */
function stem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies')) w = w.slice(0, -2);
  else if (!w.endsWith('ss') && w.endsWith('s')) w = w.slice(0, -1);
  const hasVowel = (s: string) => /[aeiouy]/.test(s);
  if (w.endsWith('eed')) {
    if (w.length > 4) w = w.slice(0, -1);
  } else {
    for (const suffix of ['ing', 'ed']) {
      if (w.endsWith(suffix) && hasVowel(w.slice(0, -suffix.length)) && w.length - suffix.length >= 3) {
        w = w.slice(0, -suffix.length);
        if (/(at|bl|iz)$/.test(w)) w += 'e';
        else if (/([^aeiouylsz])\1$/.test(w)) w = w.slice(0, -1);
        else if (/^[^aeiouy]*[aeiouy][^aeiouywx]$/.test(w)) w += 'e';
        break;
      }
    }
  }
  if (w.endsWith('y') && hasVowel(w.slice(0, -1)) && w.length > 3) w = w.slice(0, -1) + 'i';
  return w;
}

interface Fold {
  caseSensitive: boolean;
  diacriticSensitive: boolean;
  language: string;
}

const fold = (s: string, f: Fold) => {
  let out = f.caseSensitive ? s : s.toLowerCase();
  if (!f.diacriticSensitive) out = out.normalize('NFD').replace(/\p{M}/gu, '');
  return out;
};

/** The words of `s` as the index stores them (folded, stop words dropped, stemmed). */
function tokens(s: string, f: Fold): string[] {
  const words = fold(s, f).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (f.language === 'none') return words;
  return words.filter((w) => !STOP_WORDS.has(w.toLowerCase())).map((w) => (f.caseSensitive ? w : stem(w)));
}

/** Every string in `v`, through arrays and embedded documents. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object' && (v as object).constructor === Object) for (const x of Object.values(v)) strings(x, out);
  return out;
}

function fieldStrings(doc: Doc, path: string): string[] {
  let current: unknown[] = [doc];
  for (const part of path.split('.')) {
    const next: unknown[] = [];
    for (const v of current) {
      if (Array.isArray(v)) for (const el of v) next.push(el && typeof el === 'object' ? (el as Doc)[part] : undefined);
      else if (v && typeof v === 'object') next.push((v as Doc)[part]);
    }
    current = next;
  }
  return current.flatMap((v) => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []));
}

export interface TextSearch {
  /** Whether `doc` matches the search. */
  test(doc: Doc): boolean;
  /** The document's relevance (0 when it does not match). */
  score(doc: Doc): number;
}

/** Parses `$search` into terms, phrases and negated terms. */
function parseSearch(search: string) {
  const phrases: string[] = [];
  const rest = search.replace(/"([^"]*)"/g, (_m, p: string) => {
    if (p.trim()) phrases.push(p);
    return ' ';
  });
  const terms: string[] = [];
  const negated: string[] = [];
  for (const word of rest.split(/\s+/).filter(Boolean)) {
    if (word.startsWith('-') && word.length > 1) negated.push(word.slice(1));
    else terms.push(word);
  }
  return { terms, phrases, negated };
}

/**
 * Builds the search for a `$text` operand over the collection's text index.
 * Throws MongoDB's errors for a missing index or a malformed operand.
 */
export function textSearch(indexes: Iterable<TextIndexLike>, operand: unknown): TextSearch {
  const index = [...indexes].find((i) => Object.values(i.spec.key).includes('text'));
  if (!index) throw new CommandError(27, 'IndexNotFound', 'text index required for $text query');
  if (!operand || typeof operand !== 'object' || typeof (operand as Doc).$search !== 'string')
    throw badValue('$text requires a $search string');
  const op = operand as Doc;
  for (const k of Object.keys(op))
    if (!['$search', '$language', '$caseSensitive', '$diacriticSensitive'].includes(k)) throw badValue(`unknown operator ${k} in $text`);
  const language = String(op.$language ?? index.spec.default_language ?? 'english');
  if (!['english', 'en', 'none'].includes(language)) throw badValue(`language ${language} is not supported`);
  const f: Fold = { caseSensitive: op.$caseSensitive === true, diacriticSensitive: op.$diacriticSensitive === true, language };
  const weights = (index.spec.weights && typeof index.spec.weights === 'object' ? index.spec.weights : {}) as Record<string, number>;
  const wildcard = '$**' in index.spec.key || weights['$**'] !== undefined;
  const fields = Object.entries(index.spec.key)
    .filter(([k, v]) => v === 'text' && k !== '$**')
    .map(([k]) => k);
  for (const k of Object.keys(weights)) if (k !== '$**' && !fields.includes(k)) fields.push(k);

  const parsed = parseSearch(op.$search as string);
  const terms = new Set(parsed.terms.flatMap((t) => tokens(t, f)));
  for (const p of parsed.phrases) for (const t of tokens(p, f)) terms.add(t);
  const negated = new Set(parsed.negated.flatMap((t) => tokens(t, f)));
  const phrases = parsed.phrases.map((p) => fold(p, f));

  /** The document's indexed text, field by field, with each field's weight. */
  const texts = (doc: Doc): Array<{ weight: number; text: string[] }> => {
    const out = fields.map((field) => ({ weight: Number(weights[field] ?? 1), text: fieldStrings(doc, field) }));
    if (wildcard) out.push({ weight: Number(weights['$**'] ?? 1), text: strings(doc) });
    return out;
  };
  const cache = new WeakMap<Doc, number>();
  const score = (doc: Doc): number => {
    const hit = cache.get(doc);
    if (hit !== undefined) return hit;
    let s = 0;
    let matched = false;
    const all = texts(doc);
    for (const { weight, text } of all) {
      const words = text.flatMap((t) => tokens(t, f));
      if (words.some((w) => negated.has(w))) {
        cache.set(doc, 0);
        return 0;
      }
      const counts = new Map<string, number>();
      for (const w of words) if (terms.has(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
      for (const n of counts.values()) {
        matched = true;
        // MongoDB's shape: more occurrences help with diminishing returns; short fields weigh more.
        s += weight * (0.5 * (n / words.length) + 0.5) * (1 + Math.log2(n) / 4);
      }
    }
    if (matched && phrases.length) {
      const folded = all.flatMap(({ text }) => text.map((t) => fold(t, f)));
      if (!phrases.every((p) => folded.some((t) => t.includes(p)))) matched = false;
    }
    const result = matched ? s : 0;
    cache.set(doc, result);
    return result;
  };
  return { test: (doc) => score(doc) > 0, score };
}

/** Splits a top-level `$text` (possibly inside a top-level `$and`) from the rest of a filter. */
export function takeText(filter: Doc): { rest: Doc; text?: unknown } {
  if (!('$text' in filter) && !Array.isArray(filter.$and)) return { rest: filter };
  let text: unknown;
  const { $text, ...rest } = filter;
  if ($text !== undefined) text = $text;
  if (Array.isArray(rest.$and)) {
    const kept: Doc[] = [];
    for (const sub of rest.$and as Doc[]) {
      if (sub && typeof sub === 'object' && '$text' in sub) {
        if (text !== undefined) throw badValue('Too many text expressions');
        const { $text: t, ...others } = sub;
        text = t;
        if (Object.keys(others).length) kept.push(others);
      } else kept.push(sub);
    }
    if (kept.length) rest.$and = kept;
    else delete rest.$and;
  }
  return text === undefined ? { rest: filter } : { rest, text };
}

/** Whether a sort asks for `{ $meta: 'textScore' }`. */
export const sortsByScore = (sort: Doc | undefined) =>
  !!sort && Object.values(sort).some((v) => v && typeof v === 'object' && (v as Doc).$meta === 'textScore');

/** MongoDB allows one text index per collection. */
export function checkOneTextIndex(indexes: Iterable<TextIndexLike>, spec: TextIndexLike['spec']): void {
  if (!Object.values(spec.key).includes('text')) return;
  // We stem English only: another language would be searched wrongly, so it is refused up front.
  const language = spec.default_language ?? 'english';
  if (!['english', 'en', 'none'].includes(String(language)))
    throw new CommandError(238, 'NotImplemented', `text indexes in language '${String(language)}' are not supported by the embedded database (english or none)`);
  const other = [...indexes].find((i) => Object.values(i.spec.key).includes('text') && i.spec.name !== spec.name);
  if (other)
    throw new CommandError(85, 'IndexOptionsConflict', `An equivalent index already exists with a different name and options. Expected only one text index: ${other.spec.name}`);
}

/** The hidden field carrying a document's text score through an aggregation pipeline. */
const SCORE_FIELD = '__embeddedTextScore';

const mentionsScore = (v: unknown): boolean =>
  Array.isArray(v) ? v.some(mentionsScore) : !!v && typeof v === 'object' && (v as object).constructor === Object && ((v as Doc).$meta === 'textScore' || Object.values(v as Doc).some(mentionsScore));

function replaceScore(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(replaceScore);
  if (!v || typeof v !== 'object' || (v as object).constructor !== Object) return v;
  if ((v as Doc).$meta === 'textScore' && Object.keys(v as Doc).length === 1) return `$${SCORE_FIELD}`;
  return Object.fromEntries(Object.entries(v as Doc).map(([k, x]) => [k, replaceScore(x)]));
}

/**
 * `{ $meta: 'textScore' }` in the stages after a `$text` `$match`: the score travels in a hidden
 * field of each input document, $meta expressions and sorts read it, and it is removed from the
 * results. Without a `$text` query, MongoDB's error 40218.
 */
export function scorePipeline(stages: Doc[], inputs: Doc[], score: ((doc: Doc) => number) | undefined) {
  if (!stages.some(mentionsScore)) return { stages, strip: (docs: Doc[]) => docs };
  if (!score) throw new CommandError(40218, 'Location40218', 'query requires text score metadata, but it is not available');
  for (const d of inputs) d[SCORE_FIELD] = score(d);
  const rewritten = stages.map((stage) => {
    if ('$sort' in stage && stage.$sort && typeof stage.$sort === 'object') {
      const sort = Object.fromEntries(Object.entries(stage.$sort as Doc).map(([k, v]) => (mentionsScore(v) ? [SCORE_FIELD, -1] : [k, v])));
      return { $sort: sort };
    }
    return replaceScore(stage) as Doc;
  });
  return {
    stages: rewritten,
    strip: (docs: Doc[]) => {
      for (const d of docs) if (d && typeof d === 'object') delete d[SCORE_FIELD];
      return docs;
    },
  };
}
