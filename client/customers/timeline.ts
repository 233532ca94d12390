import type { CustomerPicture } from '@shared/schemas/customer';
import { formatPrice } from '@/format';

export type TimelineKind = 'call' | 'chat' | 'purchase' | 'complaint';

export interface TimelineItem {
  key: string;
  kind: TimelineKind;
  at: Date;
  title: string;
  detail?: string;
  meta?: string;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace(/-/g, ' ');

/** Interactions, purchases and complaints of one customer as one list, newest first. */
export function buildTimeline(picture: CustomerPicture): TimelineItem[] {
  const items: TimelineItem[] = [];
  for (const i of picture.interactions) {
    const kind: TimelineKind = i.channel === 'chat' ? 'chat' : 'call';
    items.push({
      key: `i-${i.id}`,
      kind,
      at: new Date(i.at),
      title: `${cap(i.direction)} ${kind}${i.disposition ? ` · ${cap(i.disposition)}` : ''}`,
      detail: i.notes,
      meta: i.agent ? `with ${i.agent}` : undefined,
    });
  }
  for (const t of picture.transactions.recent) {
    const names = t.items.map((it) => (it.qty > 1 ? `${it.qty} × ${it.name}` : it.name));
    items.push({
      key: `t-${t.id}`,
      kind: 'purchase',
      at: new Date(t.at),
      title: `Purchase · ${formatPrice(t.total)}`,
      detail: names.join(', '),
      meta: [cap(t.channel), t.store].filter(Boolean).join(' · '),
    });
  }
  for (const c of picture.complaints) {
    items.push({
      key: `c-${c.id}`,
      kind: 'complaint',
      at: new Date(c.openedAt),
      title: `Complaint · ${c.subject}`,
      detail: c.resolution,
      meta: `${cap(c.severity)} · ${cap(c.status)}`,
    });
  }
  return items.sort((a, b) => b.at.getTime() - a.at.getTime());
}
