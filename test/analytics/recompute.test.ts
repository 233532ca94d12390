import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/password.js';
import { sign } from '../../server/telephony/signature.js';
import { startTestApp, type TestApp } from '../support/app.js';

/*
 * Hand-checked base (window 365 days). Five buyers, all values distinct, so with five buyers each
 * quintile cut is one customer's value and the score is the customer's rank:
 *   c1: 2 × 500 at 10 and 15 days   → days 10, F 2, M 1000 → R5 F2 M5 → FM 4 → champions
 *   c2: 3 × 50 at 20, 100, 200 days → days 20, F 3, M 150  → R4 F3 M2 → FM 3 → loyal
 *   c3: 5 × 100 at 30..150 days     → days 30, F 5, M 500  → R3 F5 M3 → FM 4 → loyal
 *   c4: 1 × 800 at 300 days         → days 300, F 1, M 800 → R2 F1 M4 → FM 3 → at-risk
 *   c5: 4 × 10 at 340..355 days     → days 340, F 4, M 40  → R1 F4 M1 → FM 3 → at-risk
 *   c6: nothing; c7: one purchase 500 days ago (outside the window) → R1 F1 M1 → lost
 * Baskets (SKUs ever bought): c1 {DW,TAB}, c2 {DW,TAB}, c3 {DW,X}, c4 {X}, c5 {TAB}, c7 {X}:
 *   DW→TAB: support 2/6 = 0.333, confidence 2/3 = 0.667, lift 0.667 / (3/6) = 1.333
 */
const NOW = new Date();
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const item = (sku: string, category: string) => ({ sku, name: sku, category, qty: 1, price: 0 });
const DW = item('DW', 'dishwashers');
const TAB = item('TAB', 'dishwasher-tablets');
const X = item('X', 'kettles');

let t: TestApp;
const ids = Object.fromEntries(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'].map((k) => [k, new Types.ObjectId()]));
let supervisor: string;
let agent: string;

beforeAll(async () => {
  t = await startTestApp();
  const hash = await hashPassword('demo');
  await t.models.User.insertMany(['agent', 'supervisor'].map((role) => ({ username: role, displayName: role, role, passwordHash: hash, skills: [] })));
  await t.models.Customer.insertMany(Object.entries(ids).map(([k, _id]) => ({ _id, kind: 'person', displayName: k })));
  const tx = (c: string, days: number, total: number, items: unknown[]) => ({ customerId: ids[c], at: daysAgo(days), total, channel: 'store', items });
  await t.models.Transaction.insertMany([
    tx('c1', 10, 500, [TAB]), tx('c1', 15, 500, [DW]),
    tx('c2', 20, 50, [TAB]), tx('c2', 100, 50, [DW]), tx('c2', 200, 50, []),
    ...[30, 60, 90, 120].map((d) => tx('c3', d, 100, [])), tx('c3', 150, 100, [DW, X]),
    tx('c4', 300, 800, [X]),
    ...[340, 345, 350].map((d) => tx('c5', d, 10, [])), tx('c5', 355, 10, [TAB]),
    tx('c7', 500, 70, [X]),
  ]);
  await t.app.services.analytics.recomputeAll(NOW);
  supervisor = (await t.login('supervisor')).token;
  agent = (await t.login('agent')).token;
});
afterAll(() => t?.close());

const valueOf = async (k: string) => (await t.models.Customer.findById(ids[k]).lean())!.value!;

describe('full recompute', () => {
  it('scores RFM by quintile and names the segment', async () => {
    const got = Object.fromEntries(await Promise.all(Object.keys(ids).map(async (k) => {
      const v = await valueOf(k);
      return [k, `R${v.recency}F${v.frequency}M${v.monetary} ${v.segment}`];
    })));
    expect(got).toEqual({
      c1: 'R5F2M5 champions',
      c2: 'R4F3M2 loyal',
      c3: 'R3F5M3 loyal',
      c4: 'R2F1M4 at-risk',
      c5: 'R1F4M1 at-risk',
      c6: 'R1F1M1 lost',
      c7: 'R1F1M1 lost',
    });
  });

  it('stores the cut points, lifetime value, totals and owned products', async () => {
    const cuts = await t.models.RfmCuts.findOne().lean();
    expect(cuts).toMatchObject({ recency: [10, 20, 30, 300], frequency: [1, 2, 3, 4], monetary: [40, 150, 500, 800], customers: 7, transactions: 16 });
    const c7 = await t.models.Customer.findById(ids.c7).lean();
    expect(c7!.value!.lifetimeValue).toBe(70);
    expect(c7!.totals).toMatchObject({ count: 1, spend: 70 });
    const c1 = await t.models.Customer.findById(ids.c1).lean();
    expect(c1!.owned.map((o) => o.sku)).toEqual(['DW', 'TAB']);
  });

  it('flags at risk by segment and by the churn line', async () => {
    expect((await valueOf('c4')).atRisk).toBe(true);
    expect((await valueOf('c5')).atRisk).toBe(true);
    expect((await valueOf('c1')).atRisk).toBe(false);
  });

  it('answers customers also bought from the mined rules', async () => {
    const res = await t.api<Array<{ sku: string; support: number; confidence: number; lift: number }>>('GET', '/api/products/DW/also-bought', { token: agent });
    expect(res.status).toBe(200);
    const tab = res.body.find((r) => r.sku === 'TAB')!;
    expect(tab.support).toBeCloseTo(0.333, 3);
    expect(tab.confidence).toBeCloseTo(0.667, 3);
    expect(tab.lift).toBeCloseTo(1.333, 3);
  });
});

describe('recording a transaction', () => {
  it('rescores the customer at once against the stored cut points', async () => {
    const res = await t.api<{ value: { recency: number; frequency: number; monetary: number; segment: string } }>('POST', `/api/customers/${ids.c6}/transactions`, {
      token: supervisor,
      body: { total: 2000, channel: 'phone', items: [DW] },
    });
    expect(res.status).toBe(201);
    // Today → R5; one purchase → F1; 2000 is above every monetary cut → M5; FM 3 → loyal.
    expect(res.body.value).toMatchObject({ recency: 5, frequency: 1, monetary: 5, segment: 'loyal' });
    const c6 = await t.models.Customer.findById(ids.c6).lean();
    expect(c6!.totals).toMatchObject({ count: 1, spend: 2000 });
    expect(c6!.owned.map((o) => o.sku)).toEqual(['DW']);
  });

  it('flags a customer whose spend is falling even when the segment looks fine', async () => {
    // c2 spent 100 in the last half-year; 1000 more, 200 days ago, makes the half-year before worth 1050.
    await t.models.Transaction.create({ customerId: ids.c2, at: daysAgo(200), total: 1000, channel: 'store', items: [] });
    const v = await t.app.services.analytics.rescore(String(ids.c2));
    expect(v.atRisk).toBe(true);
  });

  it('is refused to agents', async () => {
    const res = await t.api('POST', `/api/customers/${ids.c6}/transactions`, { token: agent, body: { total: 5, channel: 'web' } });
    expect(res.status).toBe(403);
  });

  it('accepts a signed integration without a login, and refuses a bad signature', async () => {
    const raw = JSON.stringify({ total: 25, channel: 'web', externalId: 'SHOP-1', items: [TAB] });
    const ok = await t.api('POST', `/api/customers/${ids.c5}/transactions`, { raw, headers: { 'x-integration-signature': sign(raw, t.config.ctiSecret) } });
    expect(ok.status).toBe(201);
    // The same external id again updates rather than duplicates.
    await t.api('POST', `/api/customers/${ids.c5}/transactions`, { raw, headers: { 'x-integration-signature': sign(raw, t.config.ctiSecret) } });
    expect(await t.models.Transaction.countDocuments({ externalId: 'SHOP-1' })).toBe(1);
    expect((await valueOf('c5')).recency).toBe(5);
    const bad = await t.api('POST', `/api/customers/${ids.c5}/transactions`, { raw, headers: { 'x-integration-signature': sign(raw, 'wrong') } });
    expect(bad.status).toBe(401);
  });
});
