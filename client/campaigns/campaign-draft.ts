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
