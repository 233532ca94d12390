import { LRUCache } from 'lru-cache';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Numbers already parsed: the same callers ring again and again, and parsing one with the full
 * metadata takes about 0.1 ms of the console's thread (on every call's identification).
 */
const parsedNumbers = new LRUCache<string, string | false>({ max: 20_000 });

/**
 * Normalises a caller id to E.164 so it matches stored numbers. Numbers without a country code are
 * read as `defaultCountry`'s. Returns null for anything that is not a phone number.
 */
export function normalisePhone(raw: string, defaultCountry: CountryCode = 'GB'): string | null {
  const cacheKey = `${defaultCountry} ${raw}`;
  const known = parsedNumbers.get(cacheKey);
  if (known !== undefined) return known || null;
  const cleaned = raw.trim().replace(/^tel:/i, '').replace(/^00/, '+');
  const parsed = parsePhoneNumberFromString(cleaned, defaultCountry);
  const number = parsed?.isPossible() ? parsed.number : null;
  parsedNumbers.set(cacheKey, number ?? false);
  return number;
}

export const looksLikeEmail = (s: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s.trim());
