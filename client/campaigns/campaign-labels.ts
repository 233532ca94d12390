import type { AnswerTarget, ExclusionReason, OutboundDisposition } from '@shared/schemas/campaign';

/** Why a customer matched by a segment is left off the call list, as a supervisor reads it. */
export const EXCLUSION_LABELS: Record<ExclusionReason, string> = {
  'opted-out': 'opted out of phone marketing',
  'do-not-call': 'on the do-not-call list',
  'no-phone': 'no phone number',
  household: 'another member of the household is on the list',
  'already-responded': 'already responded to this campaign',
  erased: 'erased at their request',
};

/** Server reasons we have no label for yet still show, by their code. */
export const exclusionLabel = (reason: string) => EXCLUSION_LABELS[reason as ExclusionReason] ?? reason;

export const DISPOSITION_LABELS: Record<OutboundDisposition, string> = {
  sale: 'Sale',
  'not-interested': 'Not interested',
  'no-answer': 'No answer',
  busy: 'Busy',
  voicemail: 'Voicemail',
  callback: 'Call back',
  'wrong-number': 'Wrong number',
  'do-not-call': 'Do not call',
};

/** Why the dialer serves this contact now. */
export const SERVE_REASON_LABELS = { callback: 'Agreed callback', retry: 'Retry', fresh: 'First call' } as const;

/** What a recorded outcome schedules for the contact. */
export const NEXT_STEP_LABELS = { retry: 'will be retried', callback: 'callback booked', done: 'done' } as const;

export const dispositionLabel = (d: string) => DISPOSITION_LABELS[d as OutboundDisposition] ?? d;

/** Where a script answer lands on the customer's picture. */
export const ANSWER_TARGET_LABELS: Record<AnswerTarget, string> = {
  contactTime: 'Preferred contact time',
  channel: 'Preferred channel',
  interest: 'Product interest',
  attitude: 'Attitude',
  csat: 'Satisfaction (CSAT 1–5)',
  nps: 'Would recommend (NPS 0–10)',
};

/** The age bands the customer data uses (the schema accepts any label; these are the ones on file). */
export const AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;

/** ISO weekdays, Monday first, as CallingHours counts them. */
export const WEEKDAYS = [
  { day: 1, label: 'Mon' },
  { day: 2, label: 'Tue' },
  { day: 3, label: 'Wed' },
  { day: 4, label: 'Thu' },
  { day: 5, label: 'Fri' },
  { day: 6, label: 'Sat' },
  { day: 7, label: 'Sun' },
] as const;

/** A ratio as a whole percentage, or a dash when there is nothing to divide by. */
export const ratio = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 100)}%` : '—');
