import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { browserSuite, logInAs, screenshotPath } from '../support/browser.js';
import { adminToken } from '../imports/support.js';

let t: TestApp;
let browser: Browser;

browserSuite((app, b) => {
  t = app;
  browser = b;
}, { setup: (app) => adminToken(app) });

describe('admin imports a file', () => {
  it('uploads a small CSV from the Import section and sees the report with the rejected row', async () => {
    const file = screenshotPath('admin-import-customers.csv');
    fs.writeFileSync(
      file,
      ['externalId,firstName,lastName,phone,email', 'E2E-1,Hedy,Lamarr,07700 900555,hedy@example.com', 'E2E-2,Nikola,Tesla,,nikola@example.com', 'E2E-3,,,,'].join('\n'),
    );
    const page = await logInAs(browser, t.base, 'admin', { width: 1280, height: 800 });

    await page.getByTestId('section-import').click();
    await page.getByTestId('import-type').selectOption('customers');
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('import-submit').click();

    const summary = page.getByTestId('import-summary');
    await summary.waitFor({ timeout: 10_000 });
    expect(await summary.textContent()).toContain('3 rows: 2 created, 0 updated, 1 rejected');
    const rejection = page.getByTestId('import-rejection');
    expect(await rejection.count()).toBe(1);
    expect(await rejection.textContent()).toMatch(/4\s*Please check: a person needs a first or last name/);
    expect(await t.models.Customer.countDocuments({ externalId: { $in: ['E2E-1', 'E2E-2'] } })).toBe(2);
    await page.screenshot({ path: screenshotPath('e2e-admin-import.png'), fullPage: true });
  });
});
