import type { z } from 'zod';
import { QueueHours } from '@shared/schemas/queue-hours';

/** The form's copy of a queue's hours; what a queue without hours starts from: weekdays 09:00–17:00. */
export function defaultHours(timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'): QueueHours {
  const day = [{ from: '09:00', to: '17:00' }];
  return { timeZone, week: [[], day, day, day, day, day, []].map((d) => d.map((s) => ({ ...s }))), holidays: [] };
}

/** What is wrong with the form, by place: `timeZone`, `week.<day>.<span>`, `holidays.<i>`, or `form`. */
export type DraftProblems = Record<string, 'timeZone' | 'spanOrder' | 'time' | 'holiday' | 'invalid'>;

/** Checks the form with the shared schema (the server checks the same), naming each place that is wrong. */
export function checkDraft(draft: QueueHours): { ok: true; hours: QueueHours } | { ok: false; problems: DraftProblems } {
  const parsed = QueueHours.safeParse(draft);
  if (parsed.success) return { ok: true, hours: parsed.data };
  return { ok: false, problems: problemsOf(parsed.error.issues) };
}

function problemsOf(issues: readonly z.core.$ZodIssue[]): DraftProblems {
  const out: DraftProblems = {};
  for (const i of issues) {
    const [head, a, b, c] = i.path.map(String);
    if (head === 'timeZone') out.timeZone = 'timeZone';
    else if (head === 'week' && a !== undefined && b !== undefined) out[`week.${a}.${b}`] = c === 'to' && i.code === 'custom' ? 'spanOrder' : 'time';
    else if (head === 'holidays' && a !== undefined) out[`holidays.${a}`] = 'holiday';
    else out.form = 'invalid';
  }
  return out;
}
