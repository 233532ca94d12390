import type { OutboundDisposition } from '@shared/schemas/campaign';

export const OUTBOUND_DISPOSITION_LABELS: Record<OutboundDisposition, string> = {
  sale: 'Sale',
  'not-interested': 'Not interested',
  'no-answer': 'No answer',
  busy: 'Busy',
  voicemail: 'Voicemail',
  callback: 'Call back at…',
  'wrong-number': 'Wrong number',
  'do-not-call': 'Do not call',
};

/** Why this contact is being served now. */
export const SERVE_REASON_LABELS = { callback: 'Agreed callback', retry: 'Retry', fresh: 'First call' } as const;

export const NEXT_STEP_LABELS = { retry: 'will be retried', callback: 'callback booked', done: 'done' } as const;
