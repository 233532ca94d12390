import { useI18n } from 'vue-i18n';
import type { CampaignStatus, DispositionLabels, OutboundDisposition } from '@shared/schemas/campaign';
import { displayLocale, formatNumber, formatPercent } from '@/format';
import { hasMessage } from '@/i18n';
import { useLocalized } from '@/i18n/use-localized';

/** The age bands the customer data uses (the schema accepts any label; these are the ones on file). */
export const AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;

/** ISO weekdays, Monday first, as CallingHours counts them: `campaigns.weekdays.<key>`. */
export const WEEKDAYS = [
  { day: 1, key: 'mon' },
  { day: 2, key: 'tue' },
  { day: 3, key: 'wed' },
  { day: 4, key: 'thu' },
  { day: 5, key: 'fri' },
  { day: 6, key: 'sat' },
  { day: 7, key: 'sun' },
] as const;

/** A ratio as a whole percentage in the user's language, or a dash when there is nothing to divide by. */
export const ratio = (part: number, whole: number) => (whole > 0 ? formatPercent(Math.round((part / whole) * 100) / 100) : '—');

const digitFormats = new Map<string, Intl.NumberFormat>();
function digitFormat() {
  const locale = displayLocale();
  let f = digitFormats.get(locale);
  if (!f) digitFormats.set(locale, (f = new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 0 })));
  return f;
}
/** A clock time as stored ("09:00") in the user's digits (Persian "۰۹:۰۰"), its shape kept. */
export function clockText(hhmm: string): string {
  const f = digitFormat();
  return hhmm.replace(/\d/g, (d) => f.format(Number(d)));
}
/** A whole number in the user's digits without grouping ("1200", Persian "۱۲۰۰"): a running count in a sentence. */
export const plainNumber = (n: number) => digitFormat().format(n);

/**
 * Names of the codes campaigns use, in the user's language: outcomes, exclusion reasons, statuses,
 * weekdays. A code the console has no name for yet (a newer server) shows as itself.
 */
export function useCampaignLabels() {
  const { t } = useI18n();
  const localized = useLocalized();
  const named = (key: string, code: string) => (hasMessage(key) ? t(key) : code);
  const disposition = (d: string) => named(`campaigns.dispositions.${d}`, d);
  const weekday = (day: number) => {
    const w = WEEKDAYS[day - 1];
    return w ? t(`campaigns.weekdays.${w.key}`) : formatNumber(day);
  };
  return {
    disposition,
    /** An outcome as this campaign names it in the user's language, else the console's own name. */
    outcome: (d: OutboundDisposition | string, labels?: DispositionLabels | null) => localized(disposition(d), labels?.[d as OutboundDisposition]),
    exclusion: (reason: string) => named(`campaigns.exclusions.${reason}`, reason),
    status: (s: CampaignStatus) => named(`campaigns.status.${s}`, s),
    weekday,
    /** Calling days, "every day" when all seven. */
    days: (days: readonly number[]) =>
      days.length === 7 ? t('campaigns.everyDay') : days.map(weekday).join(t('campaigns.nameSeparator')),
    /** "up to 3 attempts, 240 min apart", counts in the user's digits and plural. */
    attempts: (max: number, minutes: number) => t('campaigns.attempts', { n: formatNumber(max), minutes: formatNumber(minutes) }, max),
  };
}
