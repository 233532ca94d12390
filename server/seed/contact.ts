import { isValidPhoneNumber } from 'libphonenumber-js';
import { asciiFold, type City, type Locale } from './locales.js';
import { DAY_MS, type Rng } from './random.js';
import { ContactChannel as ContactChannelEnum } from '../../shared/schemas/enums.js';
import type { ContactChannel, SeedAddress, SeedConsent } from './types.js';

/** Phones and e-mails handed out so far: the screen pop identifies callers by them, so they stay unique. */
export interface Directory {
  phones: Set<string>;
  emails: Set<string>;
}

export const newDirectory = (): Directory => ({ phones: new Set(), emails: new Set() });

const PERSONAL_DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example'];

/** A fresh, valid E.164 number from one of the prefixes, never one handed out before. */
export function uniquePhone(rng: Rng, dir: Directory, callingCode: string, prefixes: ReadonlyArray<readonly [string, number]>): string {
  for (let attempt = 0; attempt < 200; attempt++) {
    const [prefix, digits] = rng.pick(prefixes);
    const number = `+${callingCode}${prefix}${rng.digits(digits)}`;
    if (!dir.phones.has(number) && isValidPhoneNumber(number)) {
      dir.phones.add(number);
      return number;
    }
  }
  throw new Error(`no free phone number left for +${callingCode} ${prefixes.map((p) => p[0]).join('/')}`);
}

export const mobileFor = (rng: Rng, dir: Directory, locale: Locale) => uniquePhone(rng, dir, locale.callingCode, locale.mobile);
export const landlineFor = (rng: Rng, dir: Directory, locale: Locale, city: City) =>
  uniquePhone(rng, dir, locale.callingCode, [city.landline]);

/**
 * A unique lower-case address built from name parts, adding a number when the plain form is taken
 * (as real mail providers make people do).
 */
export function uniqueEmail(rng: Rng, dir: Directory, parts: string[], domain?: string): string {
  const local = parts.map(asciiFold).filter(Boolean);
  const host = domain ?? rng.pick(PERSONAL_DOMAINS);
  const forms = local.length > 1 ? [local.join('.'), local.join(''), `${local[0][0]}${local.slice(1).join('')}`] : [local.join('')];
  for (const form of forms) {
    const address = `${form}@${host}`;
    if (!dir.emails.has(address)) {
      dir.emails.add(address);
      return address;
    }
  }
  for (;;) {
    const address = `${forms[0]}${rng.int(2, 999)}@${host}`;
    if (!dir.emails.has(address)) {
      dir.emails.add(address);
      return address;
    }
  }
}

/** A street address in the city. */
export function addressIn(rng: Rng, locale: Locale, city: City, label: string): SeedAddress {
  return { label, line1: locale.street(rng), city: city.name, postcode: city.postcode(rng), region: city.region, country: locale.country };
}

const CHANNELS: readonly ContactChannel[] = ContactChannelEnum.options;
const SOURCES = [
  ['web-signup', 40],
  ['store', 30],
  ['call-centre', 20],
  ['import', 10],
] as const;
/** How often each channel's marketing consent is granted by customers who did not opt out altogether. */
const MARKETING_RATE: Record<ContactChannel, number> = { email: 0.85, sms: 0.6, phone: 0.7, post: 0.5 };

/**
 * One consent per purpose × channel, given when the customer signed up (or later, at a store or on a call).
 * `optOut` withdraws marketing on every channel; `doNotCall` also withdraws marketing by phone.
 */
export function consentsFor(rng: Rng, since: Date, now: Date, opts: { optOut: boolean; doNotCall: boolean }): SeedConsent[] {
  const signup = rng.weighted(SOURCES);
  const at = rng.dateBetween(since, new Date(Math.min(now.getTime(), since.getTime() + 30 * DAY_MS)));
  const consents: SeedConsent[] = [];
  for (const channel of CHANNELS) {
    consents.push({ purpose: 'service', channel, granted: channel !== 'post' || rng.chance(0.9), source: signup, at });
  }
  const marketingSource = opts.optOut ? rng.weighted(SOURCES) : signup;
  const marketingAt = opts.optOut ? rng.dateBetween(at, now) : at;
  for (const channel of CHANNELS) {
    const granted = !opts.optOut && !(opts.doNotCall && channel === 'phone') && rng.chance(MARKETING_RATE[channel]);
    consents.push({ purpose: 'marketing', channel, granted, source: marketingSource, at: marketingAt });
  }
  const profiling = rng.chance(opts.optOut ? 0.2 : 0.75);
  for (const channel of CHANNELS) consents.push({ purpose: 'profiling', channel, granted: profiling, source: signup, at });
  return consents;
}

