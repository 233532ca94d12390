import type { OfferNotice, OfferReason } from '@shared/schemas/offer-reasons';
import type { NextBestOffer } from '@shared/schemas/customer';
import { segmentLabel } from '@/customers/labels';
import { displayLocale, formatDate, formatMoney, formatNumber, formatPercent, formatPrice, timeAgo } from '@/format';
import { translate } from '@/i18n';

/*
 * The words for the server's offer reasons and notices (`offers.*` in messages.ts). Each is a code with
 * typed parameters, worded here in the agent's language, with money in the offer's currency (else the
 * customer's) and dates in the agent's calendar. Called during a render, they follow a language switch.
 */

/** "dishwasher-tablets" → "dishwasher tablets": category codes as an agent reads them aloud. */
const category = (code: string) => code.replace(/-/g, ' ');

/** A lift with one decimal ("4.1", "۴٫۱", "4,1"), in the agent's digits. */
const lift = (n: number) => new Intl.NumberFormat(displayLocale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);

/**
 * One reason, worded. `currency` is the offer's (else the customer's); `now` fixes "3 months ago" in tests;
 * `title` is the offer's title in the agent's language, which "goes with it" and "the step up" name
 * (the server words them with the default title).
 */
export function formatReason(reason: OfferReason, currency: string, now = Date.now(), title?: string): string {
  switch (reason.code) {
    case 'bought':
      return translate('offers.reasons.bought', { product: reason.product, ago: timeAgo(reason.at, now), date: formatDate(reason.at) });
    case 'basket-rule':
      return translate('offers.reasons.basketRule', {
        share: formatPercent(reason.confidence),
        from: category(reason.from),
        to: category(reason.to),
        lift: lift(reason.lift),
      });
    case 'goes-with':
      return translate('offers.reasons.goesWith', { offer: title ?? reason.offer });
    case 'step-up':
      return translate('offers.reasons.stepUp', { offer: title ?? reason.offer });
    case 'replacement-due':
      return translate(
        'offers.reasons.replacementDue',
        { product: reason.product, date: formatDate(reason.boughtAt), n: formatNumber(reason.lifeMonths) },
        reason.lifeMonths,
      );
    case 'spend-past-threshold':
      return translate('offers.reasons.spendPastThreshold', { spend: formatMoney(reason.spend, currency), threshold: formatMoney(reason.threshold, currency) });
    case 'at-risk':
      return reason.segment ? translate('offers.reasons.atRiskSegment', { segment: segmentLabel(reason.segment) }) : translate('offers.reasons.atRisk');
    case 'lapsed':
      return translate('offers.reasons.lapsed', { segment: segmentLabel(reason.segment), date: formatDate(reason.lastPurchaseAt) });
    case 'campaign':
      return translate('offers.reasons.campaign', { campaign: reason.campaign });
  }
}

/** Why offers were held back, or why there is none, worded for the agent. */
export function formatNotice(notice: OfferNotice): string {
  switch (notice.code) {
    case 'sales-held':
      return translate('offers.notices.salesHeld', { severity: translate(`offers.severities.${notice.severity}`) });
    case 'objected':
      return translate(notice.doNotCall ? 'offers.notices.doNotCall' : 'offers.notices.optedOut');
    case 'needs-opt-in':
      return translate('offers.notices.needsOptIn');
    case 'declined-recently':
      return translate('offers.notices.declinedRecently', { n: formatNumber(notice.count) }, notice.count);
    case 'nothing-relevant':
      return translate('offers.notices.nothingRelevant');
  }
}

/**
 * An offer's price by its kind, in the agent's language: "Free", "15% off", or the amount in the offer's
 * currency, else `currency` (the customer's).
 */
export function formatOfferPrice(offer: Pick<NextBestOffer, 'price' | 'priceKind' | 'currency'>, currency: string): string {
  switch (offer.priceKind) {
    case 'free':
      return translate('offers.price.free');
    case 'percent':
      return translate('offers.price.percentOff', { percent: formatPercent(offer.price / 100) });
    case 'amount':
      return formatPrice(offer.price, offer.currency ?? currency);
  }
}
