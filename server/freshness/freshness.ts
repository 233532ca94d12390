const DAY_MS = 86_400_000;

/** The default staleness window: contact details with no sign of use for a year are due for confirmation. */
export const DEFAULT_CONTACT_STALE_DAYS = 365;

/** What the rule reads from a customer record (lean documents may lack any of it). */
export interface FreshnessInput {
  contactConfirmedAt?: Date | null;
  createdAt?: Date | null;
  consents?: ReadonlyArray<{ source?: string | null; at?: Date | null }> | null;
  totals?: { lastAt?: Date | null } | null;
}

/**
 * Consent sources that are not the customer speaking: a bulk import restates what another system held,
 * so it says nothing about whether the details still reach the customer.
 */
const NOT_FROM_THE_CUSTOMER = new Set(['import']);

/**
 * Whether a customer's contact details are truly stale, so the pop asks the agent to confirm them.
 *
 * The rule, chosen from the demo data: the details count as good as of the latest sign that they reach
 * the customer — an agent's confirmation, the record's creation (when they were given to us), a consent
 * the customer gave or changed (they answered us through them), or a purchase (orders, deliveries and
 * receipts use them). Only when none of these is within `staleDays` are they stale. Counting from the
 * creation or confirmation alone flagged 89% of the demo customers (most joined years ago and were never
 * confirmed, though many bought last month); with every sign of use it is about 12% at a year, the
 * customers silent for that long, who may well have moved or changed number.
 */
export function freshnessOf(c: FreshnessInput, now: Date, staleDays = DEFAULT_CONTACT_STALE_DAYS): { contactConfirmedAt?: Date; stale: boolean } {
  const confirmed = c.contactConfirmedAt ?? undefined;
  const signs = [
    confirmed,
    c.createdAt,
    c.totals?.lastAt,
    ...(c.consents ?? []).filter((x) => !x.source || !NOT_FROM_THE_CUSTOMER.has(x.source)).map((x) => x.at),
  ].filter((d): d is Date => d instanceof Date);
  const latest = signs.length ? Math.max(...signs.map((d) => d.getTime())) : undefined;
  const stale = latest === undefined || now.getTime() - latest > staleDays * DAY_MS;
  return confirmed ? { contactConfirmedAt: confirmed, stale } : { stale };
}
