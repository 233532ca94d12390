import type { Complaint } from '@shared/schemas/customer';
import { ComplaintSeverity, ComplaintStatus } from '@shared/schemas/enums';

export const SEVERITIES: Complaint['severity'][] = ComplaintSeverity.options;
export const STATUSES: Complaint['status'][] = ComplaintStatus.options;

export const SEVERITY_LABELS: Record<Complaint['severity'], string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };
export const SEVERITY_TONES: Record<Complaint['severity'], string> = { low: 'muted', medium: 'info', high: 'warn', critical: 'danger' };
export const STATUS_LABELS: Record<Complaint['status'], string> = { open: 'Open', 'in-progress': 'In progress', resolved: 'Resolved' };
export const STATUS_TONES: Record<Complaint['status'], string> = { open: 'danger', 'in-progress': 'warn', resolved: 'good' };

/** Suggestions only: the category is free text on the server. */
export const CATEGORIES = ['billing', 'delivery', 'product quality', 'service', 'returns', 'other'];
