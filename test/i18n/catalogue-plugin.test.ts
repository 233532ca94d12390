import { describe, expect, it } from 'vitest';
import { languagePart, messageFiles, namespaceOf } from '../../client/i18n/catalogue-plugin.js';

const FILE = `import { defineMessages } from '@/i18n/define';
export default defineMessages({
  en: { save: 'Save', nested: { a: 'A {n}' } },
  fa: { save: 'ذخیره', nested: { a: 'الف {n}' } },
  'zh-CN': { save: '保存', nested: { a: '甲 {n}' } },
});
`;

describe('one chunk of messages per language, cut from the side-by-side files', () => {
  it('takes one language’s part of a messages file, as written', () => {
    expect(languagePart('x/messages.ts', FILE, 'fa')).toBe("{ save: 'ذخیره', nested: { a: 'الف {n}' } }");
    expect(languagePart('x/messages.ts', FILE, 'zh-CN')).toBe("{ save: '保存', nested: { a: '甲 {n}' } }");
  });

  it.each([
    ['a missing language', FILE, 'ro', /x\/messages.ts: no "ro" object/],
    ['no default export', "export const m = { en: {} };", 'en', /no default export/],
    ['not a defineMessages call', 'export default { en: {} };', 'en', /not a defineMessages call/],
    ['a language that is not an object literal', "export default defineMessages({ en: english });", 'en', /no "en" object/],
  ])('stops the build on %s, naming the file', (_what, source, locale, message) => {
    expect(() => languagePart('x/messages.ts', source, locale)).toThrow(message);
  });

  it('names each feature’s messages by its folder, and finds every feature’s file', () => {
    expect(namespaceOf('/repo/client/customers/messages.ts')).toBe('customers');
    expect(namespaceOf('/repo/client/i18n/messages.ts')).toBe('common');
    const files = messageFiles('client');
    expect(files.length).toBeGreaterThan(15);
    expect(files).toContain('client/customers/messages.ts');
  });
});
