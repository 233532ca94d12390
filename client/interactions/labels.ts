import type { Disposition, InteractionState } from '@shared/schemas/interaction';

export const STATE_LABELS: Record<InteractionState, string> = {
  ringing: 'Ringing',
  queued: 'Queued',
  offered: 'Offered',
  active: 'In progress',
  ended: 'Ended',
};

export const DISPOSITION_LABELS: Record<Disposition, string> = {
  resolved: 'Resolved',
  'follow-up': 'Follow-up needed',
  escalated: 'Escalated',
  sale: 'Sale',
  information: 'Information given',
  'complaint-logged': 'Complaint logged',
  'wrong-number': 'Wrong number',
  'no-action': 'No action',
};
