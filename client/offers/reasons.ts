import type { OfferNotice, OfferReason } from '@shared/schemas/offer-reasons';
import type { Segment } from '@shared/schemas/customer';
import { SEVERITY_LABELS } from '@/complaints/labels';
import { SEGMENT_LABELS } from '@/customers/labels';
import { formatDate, formatMoney, formatPercent, timeAgo } from '@/format';

/*
 * The words for the server's offer reasons and notices. Each is a code with typed parameters, worded here
 * so money reads in the offer's currency and dates in the agent's locale (and, later, their language).
 */

/** "dishwasher-tablets" → "dishwasher tablets": category codes as an agent reads them aloud. */
const category = (code: string) => code.replace(/-/g, ' ');
const segment = (code: string) => SEGMENT_LABELS[code as Segment] ?? category(code);

/** One reason, worded. `currency` is the offer's; `now` fixes "3 months ago" in tests. */
export function formatReason(reason: OfferReason, currency: string, now = Date.now()): string {
  switch (reason.code) {
    case 'bought':
      return `Bought ${reason.product} ${timeAgo(reason.at, now)} (${formatDate(reason.at)})`;
    case 'basket-rule':
      return `${formatPercent(reason.confidence)} of ${category(reason.from)} buyers also buy ${category(reason.to)} (${reason.lift.toFixed(1)}× more than usual)`;
    case 'goes-with':
      return `${reason.offer} goes with it`;
    case 'step-up':
      return `${reason.offer} is the step up`;
    case 'replacement-due':
      return `${reason.product} bought ${formatDate(reason.boughtAt)}; typical life is ${reason.lifeMonths} months`;
    case 'spend-past-threshold':
      return `Has spent ${formatMoney(reason.spend, currency)} with us, past the ${formatMoney(reason.threshold, currency)} reward line`;
    case 'at-risk':
      return reason.segment ? `At risk of leaving (${segment(reason.segment)})` : 'At risk of leaving';
    case 'lapsed':
      return `${segment(reason.segment)} customer: last bought ${formatDate(reason.lastPurchaseAt)}`;
    case 'campaign':
      return `Offer of the campaign “${reason.campaign}”`;
  }
}

/** Why offers were held back, or why there is none, worded for the agent. */
export function formatNotice(notice: OfferNotice): string {
  switch (notice.code) {
    case 'sales-held':
      return `Sales offers held back: an open ${SEVERITY_LABELS[notice.severity].toLowerCase()}-severity complaint comes first. Only service gestures are shown.`;
    case 'objected':
      return notice.doNotCall
        ? 'No offer: the customer is on do-not-call — make no sales offer.'
        : 'No offer: the customer opted out of marketing.';
    case 'needs-opt-in':
      return 'No offer: the offers that fit need marketing consent this customer has not given.';
    case 'declined-recently':
      return `No offer: the customer declined ${notice.count === 1 ? 'the offer that fits' : `the ${notice.count} offers that fit`} recently.`;
    case 'nothing-relevant':
      return 'No offer: nothing in the catalogue fits this customer right now.';
  }
}
