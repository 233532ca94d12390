import type { CustomerPicture } from '@shared/schemas/customer';
import { formatNumber, formatPrice } from '@/format';
import { translate } from '@/i18n';
import { codeLabel } from './labels';

export type TimelineKind = 'call' | 'chat' | 'purchase' | 'complaint';

export interface TimelineItem {
  key: string;
  kind: TimelineKind;
  at: Date;
  /** In the user's language; user data in it (a subject, an amount) as recorded. */
  title: string;
  /** Notes, items bought, a resolution: what the customer or an agent wrote. */
  detail?: string;
  meta?: string;
}

/**
 * Interactions, purchases and complaints of one customer as one list, newest first, worded in the
 * user's language (call it inside a computed: it follows a language switch). Amounts are in the
 * customer's currency (the picture's).
 */
export function buildTimeline(picture: CustomerPicture, currency: string = picture.currency): TimelineItem[] {
  const items: TimelineItem[] = [];
  for (const i of picture.interactions) {
    const kind = i.channel === 'chat' ? 'chat' : 'call';
    const what = translate(`customers.timeline.interaction.${kind}.${i.direction}`);
    items.push({
      key: `i-${i.id}`,
      kind,
      at: new Date(i.at),
      // Dispositions are admin codes: shown readable, as the wrap-up lists them.
      title: i.disposition ? `${what} · ${codeLabel('customers.dispositions', i.disposition)}` : what,
      detail: i.notes,
      meta: i.agent ? translate('customers.timeline.withAgent', { agent: i.agent }) : undefined,
    });
  }
  for (const t of picture.transactions.recent) {
    const names = t.items.map((it) => (it.qty > 1 ? translate('customers.timeline.quantity', { qty: formatNumber(it.qty), name: it.name }) : it.name));
    items.push({
      key: `t-${t.id}`,
      kind: 'purchase',
      at: new Date(t.at),
      title: translate('customers.timeline.purchase', { amount: formatPrice(t.total, currency) }),
      detail: names.join(translate('customers.timeline.listSeparator')),
      meta: [codeLabel('customers.timeline.purchaseChannels', t.channel), t.store].filter(Boolean).join(' · '),
    });
  }
  for (const c of picture.complaints) {
    items.push({
      key: `c-${c.id}`,
      kind: 'complaint',
      at: new Date(c.openedAt),
      title: translate('customers.timeline.complaint', { subject: c.subject }),
      detail: c.resolution,
      meta: `${translate('customers.timeline.severity', { severity: translate(`customers.severities.${c.severity}`) })} · ${translate(`customers.statuses.${c.status}`)}`,
    });
  }
  return items.sort((a, b) => b.at.getTime() - a.at.getTime());
}
