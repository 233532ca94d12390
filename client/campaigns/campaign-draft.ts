import type { CampaignCreate, ScriptQuestion, SegmentFilter } from '@shared/schemas/campaign';
import { splitList } from './segment-draft';

/** A script question as the editor holds it: options as one comma list. */
export interface QuestionDraft {
  id: string;
  text: string;
  kind: ScriptQuestion['kind'];
  options: string;
  storesAs: ScriptQuestion['storesAs'];
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
  questions: QuestionDraft[];
  segment: SegmentFilter;
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
    questions: [],
    segment: {},
  };
}

export const newQuestion = (n: number): QuestionDraft => ({ id: `q${n}`, text: '', kind: 'choice', options: '', storesAs: 'interest' });

function questionOf(q: QuestionDraft): ScriptQuestion {
  const options = splitList(q.options);
  // Only choices carry options; a scale's range comes from where the answer is stored (CSAT, NPS).
  return { id: q.id.trim(), text: q.text.trim(), kind: q.kind, storesAs: q.storesAs, ...(q.kind === 'choice' && options.length ? { options } : {}) };
}

/**
 * The request a draft stands for. The campaign runs from the start of its first day to the end of its
 * last, in the supervisor's time zone; the schema check happens on the result, not here.
 */
export function campaignOf(d: CampaignDraft): CampaignCreate {
  const closing = d.closing.trim();
  return {
    name: d.name.trim(),
    offerCodes: [...d.offerCodes],
    script: { opening: d.opening.trim(), questions: d.questions.map(questionOf), ...(closing ? { closing } : {}) },
    segment: d.segment,
    startsAt: new Date(`${d.startsOn}T00:00:00`),
    endsAt: new Date(`${d.endsOn}T23:59:59`),
    callingHours: { from: d.from, to: d.to, days: [...d.days].sort((a, b) => a - b) },
    maxAttempts: d.maxAttempts,
    retryMinutes: d.retryMinutes,
    onePerHousehold: d.onePerHousehold,
  };
}

/** Form names of the request's fields, for messages from the shared schema. */
const FIELD_NAMES: Record<string, string> = {
  name: 'Name',
  offerCodes: 'Offers',
  'script.opening': 'Opening',
  'script.closing': 'Closing',
  startsAt: 'Starts on',
  endsAt: 'Ends on',
  callingHours: 'Calling hours',
  'callingHours.days': 'Calling days',
  'callingHours.from': 'Call from',
  'callingHours.to': 'Call until',
  maxAttempts: 'Max attempts',
  retryMinutes: 'Retry after',
};

interface Issue {
  path: PropertyKey[];
  message: string;
  code?: string;
  origin?: string;
  minimum?: number | bigint;
}

/** A schema issue as the form says it: "Name is required", "Question 2 text is required", "Calling days: pick at least one". */
export function describeIssue(issue: Issue): string {
  const path = issue.path.map(String);
  const field =
    path[0] === 'script' && path[1] === 'questions' && path[2] !== undefined
      ? `Question ${Number(path[2]) + 1}${path[3] ? ` ${path[3]}` : ''}`
      : (FIELD_NAMES[path.join('.')] ?? (path.join(' ') || 'Campaign'));
  // Zod's "Too small: expected string to have >=1 characters" means a blank field here.
  if (issue.code === 'too_small' && Number(issue.minimum) === 1) return issue.origin === 'array' ? `${field}: pick at least one` : `${field} is required`;
  return `${field}: ${issue.message}`;
}
