import type { CampaignProgress, ExclusionReason, OutboundDisposition } from '../../shared/schemas/campaign.js';
import type { DispositionAction } from '../../shared/schemas/dispositions.js';

/** What the list builder needs of a customer to decide whether they may be called. */
export interface ListCandidate {
  id: string;
  phones: Array<{ number?: string | null }>;
  consents: Array<{ purpose?: string | null; channel?: string | null; granted?: boolean | null }>;
  doNotCall?: boolean | null;
  householdId?: string | null;
  purpose?: string | null;
}

/**
 * Why a customer is left off a call list, or undefined when they may be called. Phone marketing needs
 * no withdrawn consent on the phone channel (an explicit refusal always wins) and no do-not-call flag.
 */
export function exclusionOf(c: ListCandidate, households: Set<string> | undefined, responded: Set<string>): ExclusionReason | undefined {
  if (c.purpose?.startsWith('erased')) return 'erased';
  if (c.doNotCall) return 'do-not-call';
  if (c.consents.some((x) => x.purpose === 'marketing' && x.channel === 'phone' && x.granted === false)) return 'opted-out';
  if (!c.phones.some((p) => p.number)) return 'no-phone';
  if (responded.has(c.id)) return 'already-responded';
  if (households && c.householdId) {
    if (households.has(c.householdId)) return 'household';
    households.add(c.householdId);
  }
  return undefined;
}

/** The console's own dispositions that mean someone answered the phone. */
export const REACHED: ReadonlySet<string> = new Set<OutboundDisposition>(['sale', 'not-interested', 'callback', 'do-not-call']);
/** The console's own dispositions that try again later, up to the campaign's maximum attempts. */
const RETRY: ReadonlySet<string> = new Set<OutboundDisposition>(['no-answer', 'busy', 'voicemail']);
const BUILT_IN: ReadonlySet<string> = new Set<string>([
  'sale',
  'not-interested',
  'no-answer',
  'busy',
  'voicemail',
  'callback',
  'wrong-number',
  'do-not-call',
] satisfies OutboundDisposition[]);

/** What a disposition schedules on its contact (a code's configured action; the console's own as seeded). */
export type OutcomeAction = DispositionAction;
export const actionOf = (d: string): OutcomeAction => (d === 'callback' ? 'callback' : RETRY.has(d) ? 'retry' : 'none');

/**
 * Whether a disposition means someone answered: the console's own as they always did; an admin's code
 * unless it schedules a retry (nobody was reached).
 */
export const isReached = (d: string, action: OutcomeAction = actionOf(d)): boolean => (BUILT_IN.has(d) ? REACHED.has(d) : action !== 'retry');

export type NextStep = { next: 'retry'; dueAt: Date } | { next: 'callback'; dueAt: Date } | { next: 'done'; reason: string };

/** What a disposition schedules: a retry after the spacing (until the attempts run out), a callback, or nothing. */
export function nextStep(
  d: string,
  attempts: number,
  campaign: { maxAttempts: number; retryMinutes: number },
  now: Date,
  callbackAt?: Date,
  action: OutcomeAction = actionOf(d),
): NextStep {
  if (action === 'callback' && callbackAt) return { next: 'callback', dueAt: callbackAt };
  if (action === 'retry') {
    if (attempts >= campaign.maxAttempts) return { next: 'done', reason: 'max-attempts' };
    return { next: 'retry', dueAt: new Date(now.getTime() + campaign.retryMinutes * 60_000) };
  }
  return { next: 'done', reason: d };
}

/** The campaign response a disposition records in the customer's campaign history. */
export function responseOf(d: string): 'purchased' | 'declined' | 'unsubscribed' | 'none' {
  if (d === 'sale') return 'purchased';
  if (d === 'not-interested') return 'declined';
  if (d === 'do-not-call') return 'unsubscribed';
  return 'none';
}

/** Serving order: callbacks at their time, then retries whose spacing has passed, then fresh contacts. */
export const PRIORITY = { callback: 0, retry: 1, fresh: 2 } as const;

export interface EntryTally {
  status: string;
  reason?: string | null;
  attempts: number;
  reached?: boolean | null;
  converted?: boolean | null;
  priority?: number | null;
  history?: Array<{ disposition?: string | null }>;
}

/** Progress figures from the list entries (one pass, no I/O). */
export function tally(entries: Iterable<EntryTally>): CampaignProgress {
  const p: CampaignProgress = { total: 0, attempted: 0, reached: 0, converted: 0, remaining: 0, callbacks: 0, byDisposition: {}, excluded: {} };
  for (const e of entries) {
    for (const h of e.history ?? []) if (h.disposition) p.byDisposition[h.disposition] = (p.byDisposition[h.disposition] ?? 0) + 1;
    // Withdrawn mid-campaign (do-not-call, opt-out) stays counted as a contact that was on the list.
    const wasOnList = e.status !== 'excluded' || e.attempts > 0;
    if (e.status === 'excluded') {
      const reason = e.reason ?? 'excluded';
      p.excluded[reason] = (p.excluded[reason] ?? 0) + 1;
    }
    if (!wasOnList) continue;
    p.total++;
    if (e.attempts > 0) p.attempted++;
    if (e.reached) p.reached++;
    if (e.converted) p.converted++;
    if (e.status === 'pending' || e.status === 'locked') {
      p.remaining++;
      if (e.priority === PRIORITY.callback) p.callbacks++;
    }
  }
  return p;
}
