import { describe, expect, it } from 'vitest';
import messages from '../../client/widget/messages';
import { WIDGET_LOCALES } from '../../client/widget/locale';

const english = messages.en as Record<string, string>;
const params = (text: string) => [...text.matchAll(/\{\s*(\w+)\s*\}/g)].map((m) => m[1]).sort();
const others = WIDGET_LOCALES.filter((l) => l !== 'en');

describe('the widget catalogue', () => {
  it('has English texts', () => {
    expect(Object.keys(english).length).toBeGreaterThan(50);
  });

  it.each(others)('%s has every English key and no other, none empty', (locale) => {
    const texts = messages[locale] as Record<string, string>;
    expect(Object.keys(english).filter((k) => !(k in texts)), 'missing').toEqual([]);
    expect(Object.keys(texts).filter((k) => !(k in english)), 'unknown').toEqual([]);
    expect(Object.entries(texts).filter(([, v]) => !v.trim()).map(([k]) => k), 'empty').toEqual([]);
  });

  it.each(others)('%s uses the same parameters as English', (locale) => {
    const texts = messages[locale] as Record<string, string>;
    const differing = Object.keys(english).filter((k) => JSON.stringify(params(english[k]!)) !== JSON.stringify(params(texts[k] ?? '')));
    expect(differing).toEqual([]);
  });

  it.each(others)('%s is translated, not English copied', (locale) => {
    const texts = messages[locale] as Record<string, string>;
    // Short words may be the same in two languages (E-mail, Telefon); whole sentences may not.
    const copied = Object.keys(english).filter((k) => english[k]!.length > 12 && texts[k] === english[k]);
    expect(copied).toEqual([]);
  });

  it('words every error code an ack may carry, in every language', async () => {
    const { errorKey } = await import('../../client/widget/checks');
    for (const code of ['VALIDATION', 'RATE_LIMITED', 'QUEUE_CLOSED', 'NO_AGENT_AVAILABLE', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHORIZED', 'SOMETHING_NEW']) {
      for (const locale of WIDGET_LOCALES) expect(messages[locale][errorKey(code)], `${locale} ${code}`).toBeTruthy();
    }
    expect(errorKey('SOMETHING_NEW')).toBe('errUnknown');
    expect(errorKey('RATE_LIMITED')).toBe('errRateLimited');
  });
});
