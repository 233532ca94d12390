import { Types } from 'mongoose';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { axeViolations, builtClient, goAvailable, launchBrowser, logInAs, screenshotPath } from '../support/browser.js';
import { seedFixtures } from '../support/fixtures.js';
import { createCampaign, seedCallListCustomers } from '../campaigns/support.js';

let t: TestApp;
let browser: Browser;

const SMALL = { width: 1280, height: 720 };
const LARGE = { width: 1440, height: 900 };

// A customer in Tehran whose address mixes Persian and Latin text: it must read in the right order.
const sara = new Types.ObjectId();
const SARA_PHONE = '+989121234567';

beforeAll(async () => {
  const clientDir = await builtClient();
  t = await startTestApp({}, { clientDir });
  await seedFixtures(t.models);
  await seedCallListCustomers(t.models);
  await t.models.Customer.create({
    _id: sara,
    kind: 'person',
    firstName: 'سارا',
    lastName: 'احمدی',
    displayName: 'سارا احمدی',
    timezone: 'Asia/Tehran',
    purpose: 'customer-service',
    version: 0,
    searchTokens: ['سارا', 'احمدی', '989121234567'],
    phones: [{ label: 'mobile', number: SARA_PHONE }],
    emails: [{ label: 'home', address: 'sara@example.ir' }],
    addresses: [{ label: 'home', line1: 'خیابان ولیعصر، پلاک ۱۲، Apt 4B', city: 'تهران', postcode: '1511733111', region: 'تهران', country: 'IR' }],
    totals: { count: 1, spend: 45_000_000, firstAt: new Date(Date.now() - 200 * 86_400_000), lastAt: new Date(Date.now() - 20 * 86_400_000) },
  });
  const sup = (await t.login('supervisor')).token;
  await createCampaign(t, sup, {
    startsAt: new Date(Date.now() - 86_400_000),
    endsAt: new Date(Date.now() + 30 * 86_400_000),
    callingHours: { from: '00:00', to: '24:00', days: [1, 2, 3, 4, 5, 6, 7] },
  });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const setLanguage = (username: string, language: string) => t.models.User.updateOne({ username }, { $set: { language } });

/** What a reader of the page would call broken layout: a page wider than the window, text cut off without an ellipsis. */
async function layoutProblems(page: Page) {
  return page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) problems.push(`page is ${doc.scrollWidth}px wide in a ${doc.clientWidth}px window`);
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || !el.offsetParent) continue;
      // Text kept for screen readers only (a 1px clipped box) is hidden on purpose.
      if (el.getBoundingClientRect().width <= 2) continue;
      const ownText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      if (!ownText) continue;
      const clips = ['hidden', 'clip'].includes(style.overflowX);
      if (clips && el.scrollWidth > el.clientWidth + 1 && style.textOverflow !== 'ellipsis') {
        problems.push(`clipped: <${el.tagName.toLowerCase()} class="${el.className}">${el.textContent!.trim().slice(0, 40)}`);
      }
    }
    return problems;
  });
}

async function check(page: Page, name: string) {
  for (const size of [SMALL, LARGE]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: screenshotPath(`languages-${name}-${size.width}x${size.height}.png`) });
    expect(await layoutProblems(page), `${name} at ${size.width}x${size.height}`).toEqual([]);
    const serious = await axeViolations(page);
    expect(serious, `${name} at ${size.width}x${size.height}: ${JSON.stringify(serious, null, 1)}`).toEqual([]);
  }
  await page.setViewportSize(SMALL);
}

describe('the console in Persian (right to left) and Chinese', () => {
  it('greets a Persian browser in Persian, pops a call for a Persian agent in a mirrored layout, and keeps mixed text in order', async () => {
    const page = await logInAs(browser, t.base, 'agent', SMALL, 'fa-IR');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Logged in without a language of their own: the browser's (Persian) carries on.
    await goAvailable(page);
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['fa', 'rtl']);

    const call = await t.cti({ type: 'call.ringing', callId: 'fa-call', from: SARA_PHONE });
    expect(call.status).toBe(200);
    await page.getByTestId('pop-customer-name').filter({ hasText: 'سارا احمدی' }).waitFor({ timeout: 10_000 });
    await page.getByTestId('notes-input').waitFor();

    // Mirrored: the notes (the side panel) sit left of the customer's picture.
    const notes = (await page.getByTestId('notes-input').boundingBox())!;
    const name = (await page.getByTestId('pop-customer-name').boundingBox())!;
    expect(notes.x + notes.width).toBeLessThan(name.x);

    // Phone numbers read left to right inside the right-to-left page.
    const phone = page.getByText(SARA_PHONE, { exact: false }).first();
    expect(await phone.evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');

    await check(page, 'fa-agent-pop');
    expect(errors).toEqual([]);
  });

  it('switches a Chinese agent’s console from the top bar and keeps the choice for the next login', async () => {
    const page = await logInAs(browser, t.base, 'agent2', SMALL, 'en-GB');
    await goAvailable(page);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByTestId('language').selectOption('zh-CN');
    await expect.poll(() => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['zh-CN', 'ltr']);
    await eventually(async () => (await t.models.User.findOne({ username: 'agent2' }).lean())?.language === 'zh-CN', 5000, 'language saved');

    const call = await t.cti({ type: 'call.ringing', callId: 'zh-call', from: '+447700900001' });
    expect(call.status).toBe(200);
    await page.getByTestId('pop-customer-name').filter({ hasText: 'Ada Lovelace' }).waitFor({ timeout: 10_000 });
    await check(page, 'zh-CN-agent-pop');

    const again = await logInAs(browser, t.base, 'agent2', SMALL, 'en-GB');
    await again.locator('html[lang="zh-CN"]').waitFor({ timeout: 10_000 });
  });

  it.each(['ro', 'hu'])('pops a call in %s within the screen (the longest words of the five)', async (language) => {
    // The earlier tests' calls are over: the agent is free for this one.
    await t.freshAgents();
    await setLanguage('agent', language);
    const page = await logInAs(browser, t.base, 'agent', SMALL, 'en-GB');
    await page.locator(`html[lang="${language}"]`).waitFor({ timeout: 10_000 });
    await goAvailable(page);
    expect((await t.cti({ type: 'call.ringing', callId: `${language}-call`, from: '+447700900001' })).status).toBe(200);
    await page.getByTestId('pop-customer-name').filter({ hasText: 'Ada Lovelace' }).waitFor({ timeout: 10_000 });
    await check(page, `${language}-agent-pop`);
    await page.getByTestId('logout').click();
  });

  it.each(['fa', 'zh-CN', 'ro', 'hu'])('shows the supervisor floor in %s', async (language) => {
    await setLanguage('supervisor', language);
    const page = await logInAs(browser, t.base, 'supervisor', SMALL);
    await page.locator(`html[lang="${language}"]`).waitFor({ timeout: 10_000 });
    await page.getByTestId('supervisor-view').waitFor({ timeout: 15_000 });
    await page.getByTestId('agent-row').first().waitFor({ timeout: 15_000 });
    await page.waitForLoadState('networkidle');
    await check(page, `${language}-floor`);
  });

  it.each(['fa', 'zh-CN', 'hu'])('shows the telemarketer’s dialer in %s', async (language) => {
    await setLanguage('telemarketer', language);
    const page = await logInAs(browser, t.base, 'telemarketer', SMALL);
    await page.locator(`html[lang="${language}"]`).waitFor({ timeout: 10_000 });
    await page.getByTestId('dialer').waitFor({ timeout: 10_000 });
    await page.getByTestId('next-contact').click();
    await page.getByTestId('dialer-contact-name').waitFor({ timeout: 10_000 });
    await page.getByTestId('customer-picture').waitFor();
    await check(page, `${language}-dialer`);
  });
});
