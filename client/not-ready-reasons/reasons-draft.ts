import { type NotReadyReason, NotReadyReason as ReasonSchema, NotReadyReasonList } from '@shared/realtime/agent-state';

/** One line of the form: a reason, and whether the server has it already (its code then stays). */
export interface DraftReason extends NotReadyReason {
  /** Stable across reorders, for Vue's keys and focus. */
  key: number;
  stored: boolean;
}

/** What is wrong with a line's field (a `not-ready-reasons.problems.*` key). */
export type LineProblems = Partial<Record<'code' | 'label', 'code' | 'label'>>;

export type CheckedDraft = { ok: true; list: NotReadyReason[] } | { ok: false; lines: Record<number, LineProblems>; list?: 'empty' };

/** The form checked with the shared schema the server parses with, line by line. */
export function checkDraft(lines: readonly DraftReason[]): CheckedDraft {
  const problems: Record<number, LineProblems> = {};
  const list: NotReadyReason[] = [];
  for (const line of lines) {
    const parsed = ReasonSchema.safeParse({ code: line.code.trim(), label: line.label.trim(), active: line.active });
    if (parsed.success) {
      list.push(parsed.data);
      continue;
    }
    const fields: LineProblems = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === 'code' || field === 'label') fields[field] = field;
    }
    problems[line.key] = fields;
  }
  if (Object.keys(problems).length) return { ok: false, lines: problems };
  if (!NotReadyReasonList.min(1).safeParse(list).success) return { ok: false, lines: {}, list: 'empty' };
  return { ok: true, list };
}

/** The list with the line at `from` moved to `to` (both within the list). */
export function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [line] = next.splice(from, 1);
  next.splice(to, 0, line!);
  return next;
}
