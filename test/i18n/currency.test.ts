import { describe, expect, it } from 'vitest';
import { COUNTRY_CURRENCIES, currencyOfCountry, customerCurrency, DEFAULT_CURRENCY } from '../../shared/i18n/currency.js';

describe('a country\'s currency', () => {
  it.each([
    ['GB', 'GBP'],
    ['IR', 'IRR'],
    ['CN', 'CNY'],
    ['RO', 'RON'],
    ['HU', 'HUF'],
    ['US', 'USD'],
    ['DE', 'EUR'],
    ['FR', 'EUR'],
    ['IE', 'EUR'],
    ['NL', 'EUR'],
    ['HR', 'EUR'],
    ['BG', 'EUR'],
    ['AT', 'EUR'],
    ['gb', 'GBP'],
    [' ro ', 'RON'],
    ['ZZ', 'EUR'],
    ['', 'EUR'],
    [undefined, 'EUR'],
    [null, 'EUR'],
  ])('%s → %s', (country, currency) => {
    expect(currencyOfCountry(country)).toBe(currency);
  });

  it('falls back to the deployment default, EUR unless told otherwise', () => {
    expect(DEFAULT_CURRENCY).toBe('EUR');
    expect(currencyOfCountry('ZZ', 'GBP')).toBe('GBP');
  });

  it('names only ISO 4217 codes', () => {
    for (const [country, currency] of Object.entries(COUNTRY_CURRENCIES)) {
      expect(country).toMatch(/^[A-Z]{2}$/);
      expect(currency).toMatch(/^[A-Z]{3}$/);
      // Intl knows every one of them: a typo would throw here.
      expect(() => new Intl.NumberFormat('en', { style: 'currency', currency })).not.toThrow();
    }
  });
});

describe('a customer\'s currency', () => {
  it.each<[string, { currency?: string | null; country?: string | null }, string]>([
    ['their country\'s', { country: 'RO' }, 'RON'],
    ['their own over their country\'s', { currency: 'EUR', country: 'RO' }, 'EUR'],
    ['their own, in any case', { currency: 'gbp', country: 'DE' }, 'GBP'],
    ['their country\'s when their own is malformed', { currency: 'pounds', country: 'GB' }, 'GBP'],
    ['their own without a country', { currency: 'USD' }, 'USD'],
    ['the default with neither', {}, 'EUR'],
    ['the default when unset fields are null', { currency: null, country: null }, 'EUR'],
  ])('%s', (_what, customer, currency) => {
    expect(customerCurrency(customer)).toBe(currency);
  });
});
