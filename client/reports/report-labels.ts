import { AgentLiveState } from '@shared/realtime/agent-state';
import { agentStateLabel, reasonLabel } from '@/agent/agent-state-labels';
import { displayLocale, formatDuration, formatMoney, formatMonth, formatNumber, formatPercent, formatDate, formatDateTime, formatTime } from '@/format';
import { hasMessage, translate } from '@/i18n';
import { type ColumnKind, columnKind, nestedOf } from './report-columns';

/**
 * How the reports read in the user's language: periods, column headers, cells and states. Called
 * while rendering, so a switched language re-renders.
 */

/** A period label as a date the user's calendar writes, when it is one: for `TimeText` (a Gregorian title for Persian). */
export type PeriodShape = { at: Date; format: 'date' | 'dateTime' | 'month' } | { text: string };

/**
 * A period (`2026-11-30`, `2026-11-30T14:00`, `2026-W48`, `2026-11`, `14:00`, `total`). Dates are built
 * on the browser's clock from their wall-clock parts, and shown on that clock, so they read as the
 * report's time zone wrote them whatever the browser's zone is (a day at noon, clear of any zone shift).
 */
export function periodShape(period: string): PeriodShape {
  let m: RegExpMatchArray | null;
  if (period === 'total') return { text: translate('reports.total') };
  if ((m = period.match(/^(\d{4})-(\d{2})-(\d{2})$/))) return { at: new Date(+m[1]!, +m[2]! - 1, +m[3]!, 12), format: 'date' };
  if ((m = period.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/))) return { at: new Date(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!), format: 'dateTime' };
  if ((m = period.match(/^(\d{4})-(\d{2})$/))) return { at: new Date(+m[1]!, +m[2]! - 1, 15, 12), format: 'month' };
  if ((m = period.match(/^(\d{4})-W(\d{2})$/))) return { text: translate('reports.week', { week: digits(+m[2]!), year: digits(+m[1]!) }) };
  if ((m = period.match(/^(\d{2}):(\d{2})$/))) return { text: formatTime(new Date(2026, 0, 1, +m[1]!, +m[2]!)) };
  return { text: period };
}

/** A period as plain text (chart axes). */
export function periodText(period: string): string {
  const shape = periodShape(period);
  if ('text' in shape) return shape.text;
  return shape.format === 'date' ? formatDate(shape.at) : shape.format === 'month' ? formatMonth(shape.at) : formatDateTime(shape.at);
}

/** A number without grouping in the user's digits (a year, a week number). */
function digits(n: number): string {
  return new Intl.NumberFormat(displayLocale(), { useGrouping: false }).format(n);
}

/** An agent state as the console names it; a state this console does not know as itself. */
export function stateName(state: string): string {
  return AgentLiveState.safeParse(state).success ? agentStateLabel(state as AgentLiveState) : state;
}

/** A not-ready reason by its code, translated when the console knows it. */
export const reasonName = (code: string) => reasonLabel(code, []) ?? code;

/** A state with its reason, if it has one: "Not ready (Lunch)". */
export function stateWithReason(state: string, reason?: string): string {
  return reason ? translate('reports.stateWithReason', { state: stateName(state), reason: reasonName(reason) }) : stateName(state);
}

/** A column's header: its own name, or its record's name with the code for a spread column. */
export function columnLabel(column: string): string {
  const nested = nestedOf(column);
  if (nested?.parent === 'states.notReady') return translate('reports.columns.states.notReadyReason', { reason: reasonName(nested.code) });
  if (nested?.parent === 'byDisposition') {
    const key = `campaigns.dispositions.${nested.code}`;
    return translate('reports.columns.byDispositionCode', { disposition: hasMessage(key) ? translate(key) : nested.code });
  }
  return translate(`reports.columns.${column}`);
}

/** `mm:ss` or `h:mm:ss` for seconds. */
export const seconds = (sec: number) => formatDuration(Math.round(sec) * 1000);

/** A cell as shown; an en dash where there was nothing to divide by (null). */
/** `currency`: the row's, for money (an offer's revenue is in its row's currency). */
export function cellText(kind: ColumnKind, value: string | number | null | undefined, currency?: string): string {
  if (value === null || value === undefined || value === '') return kind === 'text' ? '' : '–';
  if (typeof value === 'string') return kind === 'channel' && hasMessage(`reports.channels.${value}`) ? translate(`reports.channels.${value}`) : kind === 'period' ? periodText(value) : value;
  switch (kind) {
    case 'rate':
      return formatPercent(value);
    case 'seconds':
      return seconds(value);
    case 'money':
      return currency ? formatMoney(value, currency) : formatMoney(value);
    default:
      return formatNumber(value);
  }
}

export { columnKind };
