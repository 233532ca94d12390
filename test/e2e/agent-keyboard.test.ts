import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type TestApp, eventually } from '../support/app.js';
import { axeViolations, browserSuite, screenshotPath } from '../support/browser.js';

let t: TestApp;
let browser: Browser;

browserSuite((app, b) => {
  t = app;
  browser = b;
});

const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
];

/** The element holding the keyboard focus, by its test id (or tag). */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);
const liveRegion = (page: Page) => page.getByTestId('live-region');

/** Logs in with the keyboard alone: the username field has the focus when the page opens. */
async function logInByKeyboard(page: Page, username: string) {
  await page.goto(t.base);
  await page.getByTestId('login-username').waitFor();
  expect(await focused(page)).toBe('login-username');
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type('demo');
  await page.keyboard.press('Enter');
  await page.getByTestId('state-current').filter({ hasNotText: 'Offline' }).waitFor({ timeout: 15_000 });
}

/** What the agent chose (their state shows it once any work they hold is done). */
async function agentState(username: string) {
  return (await t.models.Agent.findOne({ username }).lean())?.presence;
}

/** Takes the console's state with its shortcut and waits until the server has it. */
async function goByKey(page: Page, username: string, key: 'Alt+A' | 'Alt+R', state: 'available' | 'not-ready') {
  await page.keyboard.press(key);
  await eventually(async () => (await agentState(username)) === state, 15_000, `${username} ${state}`);
}

/** Fails the test with axe-core's own account when the page shows a serious or critical violation. */
async function expectAccessible(page: Page, screen: string) {
  const serious = await axeViolations(page);
  expect(serious, `${screen}: ${JSON.stringify(serious, null, 1)}`).toEqual([]);
}

describe('the agent screen from the keyboard, in Chromium', () => {
  it('goes available, takes a pop, writes notes, records the disposition, and opens a searched customer, without the mouse', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await logInByKeyboard(page, 'agent');
    let tabs = 0;
    const tab = async () => {
      tabs++;
      await page.keyboard.press('Tab');
    };

    await goByKey(page, 'agent', 'Alt+A', 'available');
    await page.locator('[data-testid="state-available"][aria-pressed="true"]').waitFor();
    await page.getByTestId('waiting').filter({ hasText: 'Waiting for the next call' }).waitFor();
    await page.screenshot({ path: screenshotPath('keyboard-waiting-1440x900.png') });
    await expectAccessible(page, 'waiting for a call');

    // The pop takes the screen, is said in the live region, and the keyboard lands in it.
    await t.cti({ type: 'call.ringing', callId: 'kb-call', from: '+447700900001' });
    await page.getByTestId('pop-customer-name').filter({ hasText: 'Ada Lovelace' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => liveRegion(page).textContent()).toBe('Call from Ada Lovelace.');
    await expect.poll(() => focused(page)).toBe('interaction-view');

    // Notes, then the disposition, by their shortcuts.
    await page.keyboard.press('Alt+N');
    expect(await focused(page)).toBe('notes-input');
    await page.keyboard.type('Asked about tablets; subscribed.');
    await page.keyboard.press('Alt+W');
    expect(await focused(page)).toBe('disposition-select');
    await page.keyboard.type('Sale');
    expect(await page.getByTestId('disposition-select').inputValue()).toBe('sale');
    await tab();
    expect(await focused(page)).toBe('disposition-save');
    await page.keyboard.press('Enter');
    await page.getByTestId('disposition-saved').waitFor({ timeout: 5000 });
    // The form's fields are disabled once saved: the focus goes to the confirmation, not the page's start.
    await expect.poll(() => focused(page)).toBe('disposition-saved');
    const stored = await t.models.Interaction.findOne({ callId: 'kb-call' }).lean();
    expect(stored).toMatchObject({ disposition: 'sale', notes: 'Asked about tablets; subscribed.' });

    // Search with `/`, choose the second match with the arrow keys, open it with Enter.
    await page.keyboard.press('/');
    expect(await focused(page)).toBe('search-input');
    await page.keyboard.type('Lovelace');
    await expect.poll(() => page.getByTestId('search-result').count()).toBe(2);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const chosen = await page.locator('[data-testid="search-result"][aria-selected="true"]').textContent();
    expect(chosen).toContain('Lovelace');
    await page.screenshot({ path: screenshotPath('keyboard-search-results-1440x900.png') });
    await expectAccessible(page, 'search results');
    await page.keyboard.press('Enter');
    const name = chosen!.includes('Ben') ? 'Ben Lovelace' : 'Ada Lovelace';
    await page.locator('main [data-testid="pop-customer-name"]').filter({ hasText: name }).waitFor({ timeout: 10_000 });
    await expect.poll(() => liveRegion(page).textContent()).toBe(`Opened ${name}.`);
    await expect.poll(() => focused(page)).toBe('MAIN');

    // The shortcuts overlay, and not ready by its shortcut.
    await page.keyboard.press('?');
    await page.getByTestId('shortcut-help').waitFor();
    expect(await page.getByTestId('shortcut-help').textContent()).toContain('Alt+W');
    await page.screenshot({ path: screenshotPath('keyboard-help-1440x900.png') });
    await expectAccessible(page, 'shortcut help');
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcut-help').waitFor({ state: 'hidden' });
    await t.cti({ type: 'call.ended', callId: 'kb-call', from: '+447700900001' });
    await goByKey(page, 'agent', 'Alt+R', 'not-ready');

    // One Tab press in the whole run (disposition to its Save button); before the shortcuts the state
    // switch was 36 Tab presses from the disposition.
    expect(tabs).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 90_000);

  it('puts a new live call in front of an ended one, and offers a chat behind an announced prompt while the agent types', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await logInByKeyboard(page, 'agent2');
    await goByKey(page, 'agent2', 'Alt+A', 'available');

    // A call rings, is answered and ends: the agent is in after-call work with the ended call on screen.
    await t.cti({ type: 'call.ringing', callId: 'fr-1', from: '+447700900001', agentId: 'agent2' });
    await page.getByTestId('pop-customer-name').filter({ hasText: 'Ada Lovelace' }).waitFor({ timeout: 10_000 });
    await t.cti({ type: 'call.answered', callId: 'fr-1', from: '+447700900001' });
    await t.cti({ type: 'call.ended', callId: 'fr-1', from: '+447700900001' });
    await page.getByTestId('call-strip').filter({ hasText: 'Ended' }).waitFor({ timeout: 10_000 });

    // Wrapped up, the ended call stays on screen (the reported case): the next call takes the screen.
    const token = (await t.login('agent2')).token;
    const fr1 = await t.models.Interaction.findOne({ callId: 'fr-1' }).lean();
    expect((await t.api('PATCH', `/api/interactions/${String(fr1!._id)}`, { token, body: { disposition: 'resolved' } })).status).toBe(200);
    await page.getByTestId('state-current').and(page.locator('[data-state="available"]')).waitFor({ timeout: 15_000 });
    await t.cti({ type: 'call.ringing', callId: 'fr-2', from: '+447700900002', agentId: 'agent2' });
    await page.getByTestId('pop-customer-name').filter({ hasText: 'Ben Lovelace' }).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('interaction-tab').count()).toBe(2);
    await expect.poll(() => liveRegion(page).textContent()).toBe('Call from Ben Lovelace.');
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: screenshotPath(`keyboard-pop-${viewport.width}x${viewport.height}.png`) });
      await expectAccessible(page, `pop at ${viewport.width}x${viewport.height}`);
    }
    // Ben's call is wrapped up during it and ends; Ben then writes in by chat, which takes the screen.
    await t.cti({ type: 'call.answered', callId: 'fr-2', from: '+447700900002' });
    const fr2 = await t.models.Interaction.findOne({ callId: 'fr-2' }).lean();
    expect((await t.api('PATCH', `/api/interactions/${String(fr2!._id)}`, { token, body: { disposition: 'follow-up' } })).status).toBe(200);
    await t.cti({ type: 'call.ended', callId: 'fr-2', from: '+447700900002' });
    await page.getByTestId('state-current').and(page.locator('[data-state="available"]')).waitFor({ timeout: 15_000 });
    await t.cti({ type: 'chat.started', callId: 'fr-chat-ben', from: '+447700900002', agentId: 'agent2' });
    await page.getByTestId('chat-pane').waitFor({ timeout: 10_000 });

    // The agent is writing Ben's notes when another chat arrives: it waits behind a prompt, said aloud.
    await page.keyboard.press('Alt+N');
    await page.keyboard.type('Ben wants a callback about the dishwasher');
    await t.cti({ type: 'chat.started', callId: 'fr-chat', from: '+447700900001', agentId: 'agent2' });
    await page.getByTestId('take-prompt').waitFor({ timeout: 10_000 });
    await expect.poll(() => liveRegion(page).textContent()).toBe('New chat from Ada Lovelace. Press Alt+C to take it.');
    expect(await page.locator('[data-testid="pop-customer-name"]').textContent()).toBe('Ben Lovelace');
    expect(await focused(page)).toBe('notes-input');
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: screenshotPath(`keyboard-prompt-${viewport.width}x${viewport.height}.png`) });
      await expectAccessible(page, `prompt at ${viewport.width}x${viewport.height}`);
    }

    // Alt+C takes it: the chat is on screen, with the keyboard in it.
    await page.keyboard.press('Alt+C');
    await page.getByTestId('pop-customer-name').filter({ hasText: 'Ada Lovelace' }).waitFor({ timeout: 5000 });
    await page.getByTestId('chat-pane').waitFor({ timeout: 5000 });
    await expect.poll(() => focused(page)).toBe('interaction-view');
    expect(await page.getByTestId('take-prompt').count()).toBe(0);
    expect(await page.getByTestId('interaction-tab').count()).toBe(4);
    await page.screenshot({ path: screenshotPath('keyboard-chat-1440x900.png') });
    await expectAccessible(page, 'chat taken from the prompt');
    await page.keyboard.press('Alt+R');
    await eventually(async () => (await agentState('agent2')) === 'not-ready', 15_000, 'agent2 not ready');
    await page.context().close();
  }, 90_000);

  it('offers to enable the pop sound after a reload, while the browser holds audio until a gesture', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await logInByKeyboard(page, 'agent');
    // Typing the login was a gesture: sound may play, nothing to offer.
    expect(await page.getByTestId('enable-sound').count()).toBe(0);
    await page.reload();
    await page.getByTestId('state-current').filter({ hasNotText: 'Offline' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('enable-sound').waitFor({ timeout: 5000 });
    await page.screenshot({ path: screenshotPath('keyboard-enable-sound-1280x720.png') });
    await expectAccessible(page, 'enable sound offered');
    await page.getByTestId('enable-sound').press('Enter');
    await page.getByTestId('enable-sound').waitFor({ state: 'detached', timeout: 5000 });
    await goByKey(page, 'agent', 'Alt+R', 'not-ready');
    await page.context().close();
  }, 60_000);
});
