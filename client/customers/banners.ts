import type { Complaint, CustomerPicture } from '@shared/schemas/customer';
import { formatNumber } from '@/format';
import { translate } from '@/i18n';

/**
 * The pop's one banner area, most severe first: what the agent must not do (do-not-call, opted out of
 * marketing), then what they must handle (an open complaint), then housekeeping (contact details due for
 * confirmation, only when truly stale — see server/freshness/freshness.ts).
 */
export type BannerKey = 'do-not-call' | 'opted-out' | 'open-complaint' | 'stale-contact';
export interface Banner {
  key: BannerKey;
  /** danger: a rule not to break; warn: something to handle; notice: housekeeping. */
  tone: 'danger' | 'warn' | 'notice';
  /**
   * In the user's language (read inside a computed, it follows a language switch). Empty for
   * `stale-contact`: its component words it, with the confirm button.
   */
  text: string;
}

const SEVERITY_ORDER: Record<Complaint['severity'], number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** The open complaint to name: the most severe, the newest of equals. */
export function worstOpenComplaint(complaints: readonly Complaint[]): Complaint | undefined {
  let worst: Complaint | undefined;
  for (const c of complaints) {
    if (c.status === 'resolved') continue;
    if (!worst || SEVERITY_ORDER[c.severity] > SEVERITY_ORDER[worst.severity] || (SEVERITY_ORDER[c.severity] === SEVERITY_ORDER[worst.severity] && c.openedAt > worst.openedAt))
      worst = c;
  }
  return worst;
}

/** The banners for a picture, most severe first. */
export function bannersFor(picture: Pick<CustomerPicture, 'consents' | 'complaints' | 'profile'>): Banner[] {
  const out: Banner[] = [];
  if (picture.consents.doNotCall) out.push({ key: 'do-not-call', tone: 'danger', text: translate('customers.banners.doNotCall') });
  if (picture.consents.marketingOptOut) out.push({ key: 'opted-out', tone: 'danger', text: translate('customers.banners.optedOut') });
  const open = picture.complaints.filter((c) => c.status !== 'resolved');
  const worst = worstOpenComplaint(open);
  if (worst) {
    const severity = translate(`customers.severities.${worst.severity}`);
    out.push({
      key: 'open-complaint',
      tone: SEVERITY_ORDER[worst.severity] >= SEVERITY_ORDER.high ? 'danger' : 'warn',
      text:
        open.length > 1
          ? translate('customers.banners.openComplaintMore', { severity, subject: worst.subject, n: formatNumber(open.length - 1) })
          : translate('customers.banners.openComplaint', { severity, subject: worst.subject }),
    });
  }
  if (picture.profile.freshness?.stale) out.push({ key: 'stale-contact', tone: 'notice', text: '' });
  return out;
}
