import type { Consent } from '@shared/schemas/customer';

/** How a consent toggle is keyed in the preferences form. */
export const consentKey = (purpose: string, channel: string) => `${purpose}:${channel}`;

/** The consent in force for one purpose and channel: the latest recorded, if any. */
export function latestConsent(consents: Consent[], purpose: string, channel: string): Consent | undefined {
  let latest: Consent | undefined;
  for (const c of consents)
    if (c.purpose === purpose && c.channel === channel && (!latest || new Date(c.at) > new Date(latest.at))) latest = c;
  return latest;
}
