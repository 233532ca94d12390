import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Normalises a caller id to E.164 so it matches stored numbers. Numbers without a country code are
 * read as `defaultCountry`'s. Returns null for anything that is not a phone number.
 */
export function normalisePhone(raw: string, defaultCountry: CountryCode = 'GB'): string | null {
  const cleaned = raw.trim().replace(/^tel:/i, '').replace(/^00/, '+');
  const parsed = parsePhoneNumberFromString(cleaned, defaultCountry);
  return parsed?.isPossible() ? parsed.number : null;
}

export const looksLikeEmail = (s: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s.trim());
