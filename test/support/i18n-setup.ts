// Every mounted component gets the console's translator, as main.ts installs it for the page, with
// every language already fetched (as after a switch); tests read English (the default language)
// unless they choose another with `applyLocale`.
import { config } from '@vue/test-utils';
import { afterEach } from 'vitest';
import { Locale } from '@shared/i18n/locales';
import { applyLocale, i18n, loadLocale } from '@/i18n';

await Promise.all(Locale.options.map(loadLocale));
config.global.plugins.push(i18n);
afterEach(() => applyLocale('en'));
