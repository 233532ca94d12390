/*
 * Every change to a customer's `consents` goes through `applyConsent`: the agent's preferences save,
 * an unsubscribe, a consent import, a duplicate merge and a telemarketer's "do not call". One entry per
 * purpose × channel, changed in place (the grid and the audit trail read the same order), appended when new.
 */

/** A consent as stored (lean documents may lack any field). */
export interface StoredConsent {
  purpose?: string | null;
  channel?: string | null;
  granted?: boolean | null;
  source?: string | null;
  at?: Date | null;
}

/** What changed: the customer's wish for one purpose on one channel. */
export type ConsentChange = Pick<StoredConsent, 'purpose' | 'channel' | 'granted'>;

/**
 * When a change replaces the entry already stored for its purpose × channel:
 * - `always`: the customer's wish as stated now (an agent's save, an unsubscribe, "do not call");
 * - `unless-newer`: a dated statement from elsewhere (an import): an old file never overrides a later
 *   change, and of two statements made at the same moment the one applied last wins;
 * - `if-newer`: merging two records' consents: only a strictly newer statement wins, so the record
 *   applied first (the one kept) wins ties. A missing date counts as the oldest.
 */
export type ConsentPrecedence = 'always' | 'unless-newer' | 'if-newer';

const time = (d: Date | null | undefined) => d?.getTime() ?? 0;

/**
 * The consents after one change, as a new array (the input is not touched): the entry for the change's
 * purpose × channel replaced where it stands, or appended when there is none. The new entry records
 * `source` and `at`. With `unless-newer` or `if-newer` the stored entry may win and stays as it was.
 */
export function applyConsent<T extends StoredConsent>(
  consents: readonly T[],
  change: ConsentChange,
  at: Date | null | undefined,
  source: string | null | undefined,
  precedence: ConsentPrecedence = 'always',
): Array<T | StoredConsent> {
  const entry: StoredConsent = { purpose: change.purpose, channel: change.channel, granted: change.granted, source, at };
  const idx = consents.findIndex((c) => c.purpose === change.purpose && c.channel === change.channel);
  if (idx < 0) return [...consents, entry];
  const stored = consents[idx];
  const replaces =
    precedence === 'always' ||
    (precedence === 'unless-newer' && (!stored.at || time(stored.at) <= time(at))) ||
    (precedence === 'if-newer' && time(at) > time(stored.at));
  if (!replaces) return [...consents];
  const next: Array<T | StoredConsent> = [...consents];
  next[idx] = entry;
  return next;
}
