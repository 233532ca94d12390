import type { CampaignCreate, DispositionLabels, ScriptQuestion, SegmentFilter } from '@shared/schemas/campaign';
import type { LocalizedText } from '@shared/i18n/localized';
import { formatNumber } from '@/format';
import { splitList } from './segment-draft';


/** A script question as the editor holds it: options as one comma list, and one per other language. */
export interface QuestionDraft {
  id: string;
  text: string;
  kind: ScriptQuestion['kind'];
  options: string;
  storesAs: ScriptQuestion['storesAs'];
  /** The question in other languages, as typed (blanks dropped when sent). */
  textTranslations: LocalizedText;
  /** The options in other languages, one comma list per language, in the order of `options`. */
  optionTranslations: LocalizedText;
}

/** The campaign form's state: dates as the date inputs give them (YYYY-MM-DD, the supervisor's own day). */
export interface CampaignDraft {
  name: string;
  offerCodes: string[];
  startsOn: string;
  endsOn: string;
  from: string;
  to: string;
  days: number[];
  maxAttempts: number;
  retryMinutes: number;
  onePerHousehold: boolean;
  opening: string;
  closing: string;
  openingTranslations: LocalizedText;
  closingTranslations: LocalizedText;
  questions: QuestionDraft[];
  segment: SegmentFilter;
  /** The campaign's own outcome names by language (blanks keep the console's names). */
  dispositionLabels: DispositionLabels;
}

const isoDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** A new campaign: from today for four weeks, weekdays 9 to 8, three attempts four hours apart. */
export function newCampaignDraft(now = new Date()): CampaignDraft {
  return {
    name: '',
    offerCodes: [],
    startsOn: isoDay(now),
    endsOn: isoDay(new Date(now.getTime() + 28 * 86_400_000)),
    from: '09:00',
    to: '20:00',
    days: [1, 2, 3, 4, 5],
    maxAttempts: 3,
    retryMinutes: 240,
    onePerHousehold: true,
    opening: '',
    closing: '',
    openingTranslations: {},
    closingTranslations: {},
    questions: [],
    segment: {},
    dispositionLabels: {},
  };
}

export const newQuestion = (n: number): QuestionDraft => ({
  id: `q${n}`,
  text: '',
  kind: 'choice',
  options: '',
  storesAs: 'interest',
  textTranslations: {},
  optionTranslations: {},
});

/** The translations typed, trimmed, blanks left out; undefined when none is left. */
export function translationsOf(typed: LocalizedText | undefined): LocalizedText | undefined {
  const kept = Object.entries(typed ?? {})
    .map(([locale, text]) => [locale, (text ?? '').trim()] as const)
    .filter(([, text]) => text !== '');
  return kept.length ? (Object.fromEntries(kept) as LocalizedText) : undefined;
}

/** Per-language comma lists → one `LocalizedText` per option position (a language may leave some out). */
function optionTranslationsOf(lists: LocalizedText): LocalizedText[] | undefined {
  // Positions matter here (the nth translation is the nth option's), so blanks stay and nothing is merged.
  const split = Object.entries(lists).map(([locale, list]) => [locale, (list ?? '').split(/[,،，、]/).map((item) => item.trim())] as const);
  const length = Math.max(0, ...split.filter(([, items]) => items.some(Boolean)).map(([, items]) => items.length));
  if (!length) return undefined;
  return Array.from({ length }, (_, i) => Object.fromEntries(split.filter(([, items]) => items[i]).map(([locale, items]) => [locale, items[i]])) as LocalizedText);
}

function questionOf(q: QuestionDraft): ScriptQuestion {
  const options = splitList(q.options);
  const textTranslations = translationsOf(q.textTranslations);
  const optionTranslations = q.kind === 'choice' && options.length ? optionTranslationsOf(q.optionTranslations) : undefined;
  // Only choices carry options; a scale's range comes from where the answer is stored (CSAT, NPS).
  return {
    id: q.id.trim(),
    text: q.text.trim(),
    kind: q.kind,
    storesAs: q.storesAs,
    ...(q.kind === 'choice' && options.length ? { options } : {}),
    ...(textTranslations ? { textTranslations } : {}),
    ...(optionTranslations ? { optionTranslations } : {}),
  };
}

function dispositionLabelsOf(labels: DispositionLabels): DispositionLabels | undefined {
  const kept = Object.entries(labels)
    .map(([d, names]) => [d, translationsOf(names)] as const)
    .filter(([, names]) => names !== undefined);
  return kept.length ? (Object.fromEntries(kept) as DispositionLabels) : undefined;
}

/**
 * The request a draft stands for. The campaign runs from the start of its first day to the end of its
 * last, in the supervisor's time zone; the schema check happens on the result, not here.
 */
export function campaignOf(d: CampaignDraft): CampaignCreate {
  const closing = d.closing.trim();
  const openingTranslations = translationsOf(d.openingTranslations);
  // A closing line's translations mean nothing without the closing line itself.
  const closingTranslations = closing ? translationsOf(d.closingTranslations) : undefined;
  const dispositionLabels = dispositionLabelsOf(d.dispositionLabels);
  return {
    name: d.name.trim(),
    offerCodes: [...d.offerCodes],
    script: {
      opening: d.opening.trim(),
      questions: d.questions.map(questionOf),
      ...(closing ? { closing } : {}),
      ...(openingTranslations ? { openingTranslations } : {}),
      ...(closingTranslations ? { closingTranslations } : {}),
    },
    segment: d.segment,
    startsAt: new Date(`${d.startsOn}T00:00:00`),
    endsAt: new Date(`${d.endsOn}T23:59:59`),
    callingHours: { from: d.from, to: d.to, days: [...d.days].sort((a, b) => a - b) },
    maxAttempts: d.maxAttempts,
    retryMinutes: d.retryMinutes,
    onePerHousehold: d.onePerHousehold,
    ...(dispositionLabels ? { dispositionLabels } : {}),
  };
}

/** The request's fields by path, as `campaigns.problems.fields.*` names them on the form. */
const FIELD_KEYS: Record<string, string> = {
  name: 'name',
  offerCodes: 'offers',
  'script.opening': 'opening',
  'script.closing': 'closing',
  'script.openingTranslations': 'openingTranslations',
  'script.closingTranslations': 'closingTranslations',
  startsAt: 'startsOn',
  endsAt: 'endsOn',
  callingHours: 'callingHours',
  'callingHours.days': 'callingDays',
  'callingHours.from': 'callFrom',
  'callingHours.to': 'callUntil',
  maxAttempts: 'maxAttempts',
  retryMinutes: 'retryAfter',
  dispositionLabels: 'outcomeNames',
};
const QUESTION_PARTS = new Set(['id', 'text', 'kind', 'options', 'storesAs', 'textTranslations', 'optionTranslations']);

/** The shared schema's own messages, as `campaigns.problems.messages.*` words them. */
const MESSAGE_KEYS: Record<string, string> = {
  'a campaign must end after it starts': 'endAfterStart',
  'calling hours must end after they start': 'hoursOrder',
  'must be HH:MM (00:00 to 24:00)': 'clock',
  'question ids are lower-case letters, digits and dashes': 'questionId',
  'more option translations than options': 'tooManyOptionTranslations',
};

interface Issue {
  path: PropertyKey[];
  message: string;
  code?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
}

/** A message key under `campaigns.problems` and its parameters, translated where it is shown. */
export interface Problem {
  key: string;
  /** The field, as a key under `campaigns.problems` with its question number, or the raw path. */
  field: { key: string; n?: number } | { raw: string };
  /** A known rule's key under `campaigns.problems.messages`, or the schema's own text. */
  message?: { key: string } | { raw: string };
  max?: number;
}

function fieldOf(path: string[]): Problem['field'] {
  if (path[0] === 'script' && path[1] === 'questions' && path[2] !== undefined) {
    const n = Number(path[2]) + 1;
    return { key: path[3] && QUESTION_PARTS.has(path[3]) ? `question.${path[3]}` : 'question.whole', n };
  }
  // The longest known path the issue lies under ("dispositionLabels.sale.fa" → outcome names).
  for (let i = path.length; i > 0; i--) {
    const known = FIELD_KEYS[path.slice(0, i).join('.')];
    if (known) return { key: `fields.${known}` };
  }
  return path.length ? { raw: path.join(' ') } : { key: 'fields.campaign' };
}

/** A schema issue as the form says it: "Name is required", "Question 2 text is required", "Calling days: pick at least one". */
export function describeIssue(issue: Issue): Problem {
  const field = fieldOf(issue.path.map(String));
  // Zod's "Too small: expected string to have >=1 characters" means a blank field here.
  if (issue.code === 'too_small' && Number(issue.minimum) === 1) return { key: issue.origin === 'array' ? 'pickOne' : 'required', field };
  if (issue.code === 'too_big' && issue.origin === 'string') return { key: 'tooLong', field, max: Number(issue.maximum) };
  const known = MESSAGE_KEYS[issue.message];
  return { key: 'other', field, message: known ? { key: known } : { raw: issue.message } };
}

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** A problem in the user's language. */
export function problemText(p: Problem, t: Translate): string {
  const field = 'raw' in p.field ? p.field.raw : t(`campaigns.problems.${p.field.key}`, { n: p.field.n === undefined ? '' : formatNumber(p.field.n) });
  const message = !p.message ? '' : 'raw' in p.message ? p.message.raw : t(`campaigns.problems.messages.${p.message.key}`);
  return t(`campaigns.problems.${p.key}`, { field, message, max: p.max === undefined ? '' : formatNumber(p.max) });
}
