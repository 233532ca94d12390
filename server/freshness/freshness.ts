const DAY_MS = 86_400_000;

/** The default staleness window: contact details older than a year are due for confirmation. */
export const DEFAULT_CONTACT_STALE_DAYS = 365;

/**
 * Whether a customer's contact details are due for confirmation. A record never confirmed counts from
 * when it was created: that is when its details were last known to be right.
 */
export function freshnessOf(
  c: { contactConfirmedAt?: Date | null; createdAt?: Date | null },
  now: Date,
  staleDays = DEFAULT_CONTACT_STALE_DAYS,
): { contactConfirmedAt?: Date; stale: boolean } {
  const confirmed = c.contactConfirmedAt ?? undefined;
  const since = confirmed ?? c.createdAt ?? undefined;
  const stale = !since || now.getTime() - since.getTime() > staleDays * DAY_MS;
  return confirmed ? { contactConfirmedAt: confirmed, stale } : { stale };
}
