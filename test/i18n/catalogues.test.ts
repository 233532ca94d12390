import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Locale, PLURAL_CATEGORIES } from '@shared/i18n/locales';
import { loadMessages } from '@/i18n/catalogue';
import type { MessageTree } from '@/i18n/define';
import { i18n } from '@/i18n';

const catalogue = Object.fromEntries(await Promise.all(Locale.options.map(async (l) => [l, await loadMessages(l)] as const))) as Record<Locale, MessageTree>;

function flatten(tree: MessageTree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const english = flatten(catalogue.en);
const others = Locale.options.filter((l) => l !== 'en');
/** `{name}` parameters of a message (vue-i18n's literal `{'@'}` is not one). */
const placeholders = (message: string) => [...new Set([...message.matchAll(/\{\s*([A-Za-z_][\w.]*)\s*\}/g)].map((m) => m[1]))].sort();
const forms = (message: string) => message.split(/(?<!\{')\|(?!'\})/);

describe('message catalogues', () => {
  it('has English messages for every feature', () => {
    expect(english.size).toBeGreaterThan(0);
  });

  it.each(others)('%s has every English key and no other', (locale) => {
    const keys = flatten(catalogue[locale]);
    expect([...english.keys()].filter((k) => !keys.has(k)), 'missing').toEqual([]);
    expect([...keys.keys()].filter((k) => !english.has(k)), 'unknown').toEqual([]);
    expect([...keys].filter(([, v]) => v.trim() === '').map(([k]) => k), 'empty').toEqual([]);
  });

  it.each(others)('%s uses the same parameters as English in every message', (locale) => {
    const keys = flatten(catalogue[locale]);
    const differing = [...english].filter(([key, en]) => JSON.stringify(placeholders(en)) !== JSON.stringify(placeholders(keys.get(key) ?? '')));
    expect(differing.map(([key, en]) => `${key}: ${placeholders(en)} vs ${placeholders(keys.get(key) ?? '')}`)).toEqual([]);
  });

  it.each(Locale.options)('%s gives each plural message one form per plural category of the language (and maybe one for zero)', (locale) => {
    const keys = flatten(catalogue[locale]);
    const wrong: string[] = [];
    for (const [key, en] of english) {
      if (forms(en).length === 1) continue;
      const zero = forms(en).length === PLURAL_CATEGORIES.en.length + 1;
      const expected = PLURAL_CATEGORIES[locale].length + (zero ? 1 : 0);
      const got = forms(keys.get(key) ?? '').length;
      if (got !== expected) wrong.push(`${key}: ${got} forms, expected ${expected}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(Locale.options)('%s: every message compiles and renders with its parameters', (locale) => {
    const keys = flatten(catalogue[locale]);
    const broken: string[] = [];
    for (const [key, message] of keys) {
      const params = Object.fromEntries(placeholders(message).map((p) => [p, `«${p}»`]));
      try {
        const out = i18n.global.t(key, params, { locale, plural: 2 });
        if (out === key || /\{|\}/.test(out)) broken.push(`${key}: rendered as ${out}`);
      } catch (err) {
        broken.push(`${key}: ${(err as Error).message}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(vue|ts)$/.test(name) ? [path] : [];
  });
}

describe('message keys in the code', () => {
  it('every key the client asks for exists in the catalogue', () => {
    const missing: string[] = [];
    for (const file of sourceFiles('client')) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?<![\w.])(?:\$t|t|tc|te|translate)\(\s*'([a-zA-Z][\w-]*(?:\.[\w-]+)+)'/g)) {
        if (!english.has(m[1]!) && !hasSubtree(m[1]!)) missing.push(`${relative('.', file)}: ${m[1]}`);
      }
      for (const m of text.matchAll(/keypath="([\w.-]+)"/g)) if (!english.has(m[1]!)) missing.push(`${relative('.', file)}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });
});

function hasSubtree(key: string) {
  return [...english.keys()].some((k) => k.startsWith(`${key}.`));
}
