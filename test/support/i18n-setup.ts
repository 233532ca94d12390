// Every mounted component gets the console's translator, as main.ts installs it for the page; tests
// read English (the default language) unless they choose another with `applyLocale`.
import { config } from '@vue/test-utils';
import { afterEach } from 'vitest';
import { applyLocale, i18n } from '@/i18n';

config.global.plugins.push(i18n);
afterEach(() => applyLocale('en'));
