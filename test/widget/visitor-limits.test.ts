import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WidgetSite } from '../../shared/schemas/widget.js';
import { defaultWidgetLimits } from '../../server/widget/widget-limits.js';
import { addAdmin } from '../access/support.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';
import { ask, codeOf, openVisitor, refusedVisitor } from './support.js';

const SHOP = 'https://limits.test';
let t: TestApp;
let site: WidgetSite;

beforeAll(async () => {
  // Tight limits, so a flood is a few events. Three connections a minute from one address.
  t = await startTestApp({
    widget: { demoOrigins: [], idleEndMs: 300, limits: { ...defaultWidgetLimits(), connectionsPerIp: { points: 3, duration: 60 }, messagesPerVisitor: { points: 3, duration: 60 }, strikes: { points: 4, duration: 60 } } },
  });
  await seedFixtures(t.models);
  const admin = (await addAdmin(t)).token;
  site = (await t.api<WidgetSite>('POST', '/api/widget-sites', { token: admin, body: { name: 'Limits', origins: [SHOP], queue: 'service' } })).body;
});
afterAll(() => t.close());

describe('website chat widget: limits', () => {
  it('refuses a visitor\'s messages past their limit with RATE_LIMITED, and cuts a socket that keeps going', async () => {
    const { socket } = await openVisitor(t, { site: site.id, origin: SHOP });
    const codes: Array<string | undefined> = [];
    for (let n = 0; n < 5; n++) codes.push(codeOf(await ask(socket, 'chat:send', { clientId: `flood-000${n}`, text: 'spam' })));
    // No chat started: the first three reach the handler (and are refused there), the rest never do.
    expect(codes).toEqual(['NO_CHAT', 'NO_CHAT', 'NO_CHAT', 'RATE_LIMITED', 'RATE_LIMITED']);
    const cut = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    for (let n = 0; n < 3; n++) socket.emit('chat:send', { clientId: `flood-100${n}`, text: 'spam' }, () => {});
    expect(await cut).toBe('io server disconnect');
  });

  it('refuses new visitor connections past the limit of their address', async () => {
    const second = await openVisitor(t, { site: site.id, origin: SHOP });
    const third = await openVisitor(t, { site: site.id, origin: SHOP });
    expect(await refusedVisitor(t, { site: site.id, origin: SHOP })).toBe('rate limited');
    second.socket.disconnect();
    third.socket.disconnect();
  });
});
