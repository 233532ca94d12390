import { CurrencyCode } from '../schemas/offer-reasons.js';

/**
 * Which currency a customer's money is in: their own `currency` when the record states one, else their
 * country's (the first address's ISO 3166 code), else the deployment's default. Amounts on the picture
 * (lifetime value, spend, purchases) and offers without their own currency are read in it.
 */

export { CurrencyCode };

/** The deployment's currency where a customer's country names none we know. */
export const DEFAULT_CURRENCY: CurrencyCode = 'EUR';

/** The euro area (ISO 3166-1 alpha-2), as of 2026. */
const EUROZONE = ['AT', 'BE', 'BG', 'CY', 'DE', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PT', 'SI', 'SK'] as const;
/** Countries outside the euro area that use it all the same. */
const EURO_USERS = ['AD', 'MC', 'SM', 'VA', 'ME', 'XK'] as const;

/** ISO 3166-1 alpha-2 country → ISO 4217 currency. */
export const COUNTRY_CURRENCIES: Readonly<Record<string, CurrencyCode>> = {
  ...Object.fromEntries([...EUROZONE, ...EURO_USERS].map((c) => [c, 'EUR'])),
  GB: 'GBP',
  GG: 'GBP',
  JE: 'GBP',
  IM: 'GBP',
  IR: 'IRR',
  CN: 'CNY',
  HK: 'HKD',
  MO: 'MOP',
  TW: 'TWD',
  RO: 'RON',
  MD: 'MDL',
  HU: 'HUF',
  US: 'USD',
  CA: 'CAD',
  AU: 'AUD',
  NZ: 'NZD',
  CH: 'CHF',
  LI: 'CHF',
  PL: 'PLN',
  CZ: 'CZK',
  SE: 'SEK',
  DK: 'DKK',
  NO: 'NOK',
  IS: 'ISK',
  RS: 'RSD',
  UA: 'UAH',
  TR: 'TRY',
  AF: 'AFN',
  AE: 'AED',
  JP: 'JPY',
  SG: 'SGD',
  IN: 'INR',
};

/** The currency of a country (ISO 3166-1 alpha-2, any case), or `fallback` for one we do not know. */
export function currencyOfCountry(country: string | null | undefined, fallback: CurrencyCode = DEFAULT_CURRENCY): CurrencyCode {
  return (country && COUNTRY_CURRENCIES[country.trim().toUpperCase()]) || fallback;
}

/** A customer's currency: their own when stated (and valid), else their country's, else `fallback`. */
export function customerCurrency(
  customer: { currency?: string | null; country?: string | null },
  fallback: CurrencyCode = DEFAULT_CURRENCY,
): CurrencyCode {
  const own = customer.currency?.trim().toUpperCase();
  if (own && CurrencyCode.safeParse(own).success) return own;
  return currencyOfCountry(customer.country, fallback);
}
