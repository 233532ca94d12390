import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/password.js';
import type { TestApp } from '../support/app.js';
import { axeViolations, browserSuite, goAvailable, logInAs, lookAtBothSizes, screenshotPath } from '../support/browser.js';

/*
 * The website chat widget on a shop's page: the demo shop (client/widget/demo/shop.html) served from a
 * second origin, its script tag pointing at the console. The first group needs only this branch (the
 * script, its panel, its forms); the second speaks to the console's visitor namespace and is skipped
 * (with the reason) on a console that does not have it.
 */

let t: TestApp;
let browser: Browser;
browserSuite(
  (app, b) => {
    t = app;
    browser = b;
  },
  { setup: async (app) => app.models.User.create({ username: 'admin', role: 'admin', passwordHash: await hashPassword('demo') }) },
);

const shopHtml = fs.readFileSync(path.resolve(import.meta.dirname, '../../client/widget/demo/shop.html'), 'utf8');
let shop: http.Server;
let shopOrigin: string;
/** The site id the shop's tag carries: the registered site's once there is one. */
let siteId = 'demo';

beforeAll(async () => {
  // Another origin than the console's: another host name and port, as a real shop would be.
  shop = http.createServer((req, res) => {
    if (req.url !== '/' && !req.url?.startsWith('/?')) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(shopHtml.replace('http://127.0.0.1:3000/widget.js', `${t.base}/widget.js`).replace('data-site="demo"', `data-site="${siteId}"`));
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopOrigin = `http://localhost:${(shop.address() as { port: number }).port}`;
}, 120_000);
afterAll(() => new Promise<void>((resolve) => (shop ? shop.close(() => resolve()) : resolve())));

const contexts: BrowserContext[] = [];
afterAll(async () => {
  for (const c of contexts) await c.close();
});

async function shopPage(opts: { viewport?: { width: number; height: number }; locale?: string } = {}) {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 720 }, ...(opts.locale ? { locale: opts.locale } : {}) });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const scriptStatus = page.waitForResponse((r) => r.url().endsWith('/widget.js')).then((r) => r.status());
  await page.goto(shopOrigin);
  expect(await scriptStatus).toBe(200);
  await page.getByTestId('cc-launcher').waitFor({ timeout: 15_000 });
  return { page, errors };
}

async function openPanel(page: Page) {
  await page.getByTestId('cc-launcher').click();
  await page.getByTestId('cc-panel').waitFor({ state: 'visible' });
}

describe('the chat widget on a shop page of another origin', () => {
  it('opens from its launcher on the pre-chat form, is accessible, and closes with Escape back to the launcher', async () => {
    for (const viewport of [
      { width: 1280, height: 720 },
      { width: 1440, height: 900 },
    ]) {
      const { page, errors } = await shopPage({ viewport });
      const launcher = page.getByTestId('cc-launcher');
      expect(await launcher.getAttribute('aria-expanded')).toBe('false');
      // Fixed in the bottom-right corner.
      const box = (await launcher.boundingBox())!;
      expect(box.x + box.width).toBeGreaterThan(viewport.width - 40);
      expect(box.y + box.height).toBeGreaterThan(viewport.height - 40);

      await openPanel(page);
      expect(await launcher.getAttribute('aria-expanded')).toBe('true');
      await page.getByTestId('cc-prechat').waitFor();
      // Focus moves into the panel, on the form's first field.
      expect(await page.evaluate(() => document.querySelector('cc-chat-widget')!.shadowRoot!.activeElement?.getAttribute('data-testid'))).toBe('cc-name');
      expect(await page.getByTestId('cc-consent').isChecked()).toBe(false);
      await page.screenshot({ path: screenshotPath(`e2e-widget-open-${viewport.width}x${viewport.height}.png`) });

      const violations = await axeViolations(page);
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

      await page.keyboard.press('Escape');
      await page.getByTestId('cc-panel').waitFor({ state: 'hidden' });
      expect(await launcher.getAttribute('aria-expanded')).toBe('false');
      expect(await page.evaluate(() => document.querySelector('cc-chat-widget')!.shadowRoot!.activeElement?.getAttribute('data-testid'))).toBe('cc-launcher');
      expect(errors).toEqual([]);
    }
  });

  it('keeps the shop page CSS out of the widget and its own styles out of the page', async () => {
    const { page } = await shopPage();
    await openPanel(page);
    const style = (testId: string) => page.getByTestId(testId).evaluate((el) => ({ font: getComputedStyle(el).fontFamily, background: getComputedStyle(el).backgroundColor, border: getComputedStyle(el).borderStyle }));
    const start = await style('cc-start');
    expect(start.font).not.toMatch(/Georgia/);
    expect(start.background).toBe('rgb(29, 78, 216)');
    expect((await style('cc-name')).border).not.toBe('dashed');
    // The shop's own buttons keep their pink.
    expect(await page.locator('main button').first().evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(225, 29, 72)');
  });

  it('checks the pre-chat form before sending: the fields in error are marked and described', async () => {
    const { page } = await shopPage();
    await openPanel(page);
    await page.getByTestId('cc-email').fill('not-an-address');
    await page.getByTestId('cc-start').click();
    expect(await page.getByTestId('cc-name').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('cc-email').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('cc-question').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('cc-phone').getAttribute('aria-invalid')).toBe('false');
    const panel = await page.getByTestId('cc-panel').innerText();
    expect(panel).toContain('Please enter your name.');
    expect(panel).toContain('This e-mail address does not look right.');
    // The first field in error has the focus.
    expect(await page.evaluate(() => document.querySelector('cc-chat-widget')!.shadowRoot!.activeElement?.getAttribute('data-testid'))).toBe('cc-name');
  });

  it('speaks the browser language: Persian right to left, in the bottom-left corner', async () => {
    const { page } = await shopPage({ locale: 'fa-IR' });
    await openPanel(page);
    const dir = await page.getByTestId('cc-panel').evaluate((el) => getComputedStyle(el).direction);
    expect(dir).toBe('rtl');
    expect(await page.getByTestId('cc-start').innerText()).toBe('شروع گفتگو');
    expect((await page.getByTestId('cc-launcher').boundingBox())!.x).toBeLessThan(100);
    await page.screenshot({ path: screenshotPath('e2e-widget-open-fa.png') });
    const violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  });

  it('fits a 320 px wide phone', async () => {
    const { page } = await shopPage({ viewport: { width: 320, height: 640 } });
    await openPanel(page);
    const box = (await page.getByTestId('cc-panel').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(320);
    expect(box.y).toBeGreaterThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('e2e-widget-open-320.png') });
  });
});

/**
 * The visitor side of issue 18, end to end: the shop page (another origin) and two agents' consoles in
 * Chromium, over the real console, its visitor namespace and its database.
 */
describe('a visitor chatting through the widget', () => {
  let identitySecret = '';
  /** The agents' browsers, closed after each test (logged out: the queue then has nobody). */
  const agents: BrowserContext[] = [];
  afterEach(async () => {
    for (const c of agents.splice(0)) await c.close();
  });
  beforeAll(async () => {
    const admin = await t.login('admin');
    const res = await t.api<{ id: string; identitySecret: string }>('POST', '/api/widget-sites', { token: admin.token, body: { name: 'Tea & Kettles', origins: [shopOrigin], queue: 'service' } });
    expect(res.status).toBe(201);
    siteId = res.body.id;
    identitySecret = res.body.identitySecret;
    const reply = await t.api('POST', '/api/canned-replies', { token: admin.token, body: { title: 'Greeting', shortcut: 'hello', text: 'Hello {customer.firstName}, {agent.name} here. How can I help?', team: null } });
    expect(reply.status).toBe(201);
  });

  it('reaches an agent with the customer picture, gets a canned reply, both see typing, sends a picture, is transferred, keeps the history on reload and rates the chat', { timeout: 120_000 }, async () => {
    expect(identitySecret).toMatch(/^[a-f0-9]{64}$/);
    const first = await logInAs(browser, t.base, 'agent');
    agents.push(first.context());
    await goAvailable(first);
    const { page, errors } = await shopPage({ viewport: { width: 1280, height: 720 } });
    await openPanel(page);
    await page.getByTestId('cc-name').fill('Ada Lovelace');
    await page.getByTestId('cc-email').fill('ada@example.com');
    await page.getByTestId('cc-question').fill('Does the copper kettle whistle?');
    await page.getByTestId('cc-start').click();
    await page.getByTestId('cc-log').waitFor({ timeout: 15_000 });

    // The agent's pop: the known customer (by e-mail) with the question in the chat.
    await first.getByTestId('pop-customer-name').filter({ hasText: 'Ada Lovelace' }).waitFor({ timeout: 15_000 });
    await first.getByTestId('chat-message').filter({ hasText: 'Does the copper kettle whistle?' }).waitFor({ timeout: 10_000 });

    // Typing, both ways.
    await page.getByTestId('cc-input').pressSequentially('Hel', { delay: 30 });
    await first.getByTestId('chat-typing').waitFor({ timeout: 10_000 });
    await first.getByTestId('chat-input').pressSequentially('/hel', { delay: 30 });
    await page.getByTestId('cc-typing').waitFor({ state: 'visible', timeout: 10_000 });

    // The canned reply, its variables filled, reaches the visitor.
    await first.getByTestId('canned-option').first().waitFor({ timeout: 10_000 });
    await first.keyboard.press('Enter');
    expect(await first.getByTestId('chat-input').inputValue()).toContain('Hello Ada');
    await first.getByTestId('chat-send').click();
    await page.getByTestId('cc-message').filter({ hasText: 'Hello Ada' }).waitFor({ timeout: 10_000 });

    // The visitor's own message is acknowledged, then read by the agent.
    await page.getByTestId('cc-input').fill('Hello from the shop');
    await page.keyboard.press('Enter');
    const mine = page.getByTestId('cc-message').filter({ hasText: 'Hello from the shop' });
    await first.getByTestId('chat-message').filter({ hasText: 'Hello from the shop' }).waitFor({ timeout: 10_000 });
    await mine.locator('[data-mark="read"]').waitFor({ timeout: 15_000 });

    // A picture from the visitor opens on the agent's screen.
    await page.getByTestId('cc-file').setInputFiles({ name: 'kettle.png', mimeType: 'image/png', buffer: PNG });
    await first.getByTestId('attachment-thumb').waitFor({ timeout: 15_000 });
    await first.getByTestId('attachment-thumb').click();
    await first.getByTestId('attachment-lightbox').waitFor({ timeout: 10_000 });
    await first.getByTestId('attachment-close').click();
    await page.screenshot({ path: screenshotPath('e2e-widget-chatting.png') });
    await first.screenshot({ path: screenshotPath('e2e-widget-agent-side.png') });

    // Transferred to a second agent with a note: they continue the same chat.
    const second = await logInAs(browser, t.base, 'agent2');
    agents.push(second.context());
    await goAvailable(second);
    await first.getByTestId('transfer-open').click();
    const dialog = first.getByTestId('transfer-dialog');
    await dialog.getByTestId('transfer-agent').locator('option', { hasText: 'agent2' }).waitFor({ state: 'attached', timeout: 10_000 });
    await dialog.getByTestId('transfer-agent').selectOption({ label: 'agent2 – Available' });
    await dialog.getByTestId('transfer-note').fill('Asks about the copper kettle; sent a picture.');
    await dialog.getByTestId('transfer-confirm').click();
    await second.getByTestId('pop-customer-name').filter({ hasText: 'Ada Lovelace' }).waitFor({ timeout: 15_000 });
    await second.getByTestId('chat-message').filter({ hasText: 'Hello from the shop' }).waitFor({ timeout: 10_000 });
    await second.getByTestId('chat-note-label').first().waitFor({ timeout: 10_000 });
    await second.getByTestId('chat-input').fill('It whistles, politely.');
    await second.getByTestId('chat-send').click();
    await page.getByTestId('cc-message').filter({ hasText: 'It whistles, politely.' }).waitFor({ timeout: 10_000 });
    // The note stays inside the console.
    expect(await page.getByTestId('cc-message').filter({ hasText: 'sent a picture' }).count()).toBe(0);

    // A reload continues the same chat with its history, each message once.
    const before = await page.getByTestId('cc-message').count();
    await page.reload();
    await openPanel(page);
    await page.getByTestId('cc-message').filter({ hasText: 'It whistles, politely.' }).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('cc-message').count()).toBe(before);
    expect(await page.getByTestId('cc-message').filter({ hasText: 'Hello from the shop' }).count()).toBe(1);

    // The visitor ends the chat and rates it.
    await page.getByTestId('cc-end').click();
    await page.getByTestId('cc-rating').waitFor({ timeout: 15_000 });
    const five = await page.getByTestId('cc-star-5').getAttribute('id');
    await page.locator(`label[for="${five}"]`).click();
    await page.getByTestId('cc-rating-comment').fill('Quick and kind.');
    await page.screenshot({ path: screenshotPath('e2e-widget-rating.png') });
    await page.getByTestId('cc-rate').click();
    await page.getByTestId('cc-rated').waitFor({ timeout: 10_000 });
    const rating = await t.models.Survey.findOne({ type: 'csat', comment: 'Quick and kind.' }).lean();
    expect(rating?.score).toBe(5);
    expect(errors).toEqual([]);
  });

  it('with nobody available offers the callback form, and the request becomes a callback task', { timeout: 90_000 }, async () => {
    // No agent is logged in now: the site's queue has nobody to take a chat.
    const { page } = await shopPage({ viewport: { width: 1440, height: 900 } });
    await openPanel(page);
    await page.getByTestId('cc-offline').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: screenshotPath('e2e-widget-offline.png') });
    expect((await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await page.getByTestId('cc-cb-name').fill('Ada Lovelace');
    await page.getByTestId('cc-cb-phone').fill('+44 7700 900001');
    await page.getByTestId('cc-cb-message').fill('Please call about the teapot.');
    await page.getByTestId('cc-callback').click();
    await page.getByTestId('cc-callback-done').waitFor({ timeout: 15_000 });
    const task = await t.models.Callback.findOne({ phone: '+44 7700 900001' }).lean();
    expect(task).toMatchObject({ queue: 'service', source: 'chat-widget', state: 'open', site: 'Tea & Kettles' });
  });

  it('outside hours, on a queue set to "closed", says only that it is closed: no form', { timeout: 90_000 }, async () => {
    const admin = (await t.login('admin')).token;
    // Through the screens' API (the console's own cache of hours learns it at once).
    expect((await t.api('PUT', '/api/queues/service/hours', { token: admin, body: { timeZone: 'Europe/London', week: [[], [], [], [], [], [], []], holidays: [] } })).status).toBe(200);
    const settings = { skills: [], serviceLevelSec: 20, serviceLevelTarget: 0.8, maxWaitSec: null, acwLimitSec: 60, outsideHours: 'closed' };
    expect((await t.api('PUT', '/api/queue-settings/service', { token: admin, body: settings })).status).toBe(200);
    try {
      const { page } = await shopPage();
      await openPanel(page);
      await page.getByTestId('cc-closed').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('cc-offline').count()).toBe(0);
      await lookAtBothSizes(page, 'widget-closed');
    } finally {
      await t.api('DELETE', '/api/queue-settings/service', { token: admin });
      await t.api('DELETE', '/api/queues/service/hours', { token: admin });
    }
  });
});

/** A 1×1 PNG: the widget's upload is typed by its content on the server. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
