import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Offer } from '../../shared/schemas/offers.js';
import { hashPassword } from '../../server/auth/password.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await startTestApp();
  await t.models.User.create({ username: 'admin', role: 'admin', passwordHash: await hashPassword('demo') });
  admin = (await t.login('admin')).token;
});
afterAll(() => t?.close());

const base = { code: 'CARE-PLAN', title: 'Extended care plan', kind: 'up-sell', price: 49 } as const;
const list = async () => (await t.api<Offer[]>('GET', '/api/offers', { token: admin })).body;

describe('offer titles in other languages', () => {
  let id: string;

  it('stores the translations an admin gives and returns them with the offer and in the list', async () => {
    const created = await t.api<Offer>('POST', '/api/offers', {
      token: admin,
      body: { ...base, titleTranslations: { fa: 'طرح مراقبت تمدیدشده', 'zh-CN': '延长保修计划', ro: 'Plan de îngrijire extins' } },
    });
    expect(created.status).toBe(201);
    id = created.body.id;
    expect(created.body.titleTranslations).toEqual({ fa: 'طرح مراقبت تمدیدشده', 'zh-CN': '延长保修计划', ro: 'Plan de îngrijire extins' });
    const listed = (await list()).find((o) => o.code === base.code);
    expect(listed?.titleTranslations).toEqual({ fa: 'طرح مراقبت تمدیدشده', 'zh-CN': '延长保修计划', ro: 'Plan de îngrijire extins' });
  });

  it('replaces them on update, and drops them when an update leaves them out', async () => {
    const changed = await t.api<Offer>('PUT', `/api/offers/${id}`, { token: admin, body: { ...base, titleTranslations: { hu: 'Kiterjesztett gondoskodási csomag' } } });
    expect(changed.status).toBe(200);
    expect(changed.body.titleTranslations).toEqual({ hu: 'Kiterjesztett gondoskodási csomag' });
    expect((await list()).find((o) => o.code === base.code)?.titleTranslations).toEqual({ hu: 'Kiterjesztett gondoskodási csomag' });

    const cleared = await t.api<Offer>('PUT', `/api/offers/${id}`, { token: admin, body: base });
    expect(cleared.status).toBe(200);
    expect(cleared.body.titleTranslations).toBeUndefined();
    await t.api<Offer>('PUT', `/api/offers/${id}`, { token: admin, body: { ...base, titleTranslations: { fa: 'طرح مراقبت' } } });
  });

  it('refuses a language it does not know with 400 and changes nothing', async () => {
    const before = (await list()).find((o) => o.code === base.code);
    const updated = await t.api('PUT', `/api/offers/${id}`, { token: admin, body: { ...base, title: 'Changed', titleTranslations: { fa: 'طرح', de: 'Pflegeplan' } } });
    expect(updated.status).toBe(400);
    const created = await t.api('POST', '/api/offers', { token: admin, body: { ...base, code: 'OTHER-PLAN', titleTranslations: { xx: 'nope' } } });
    expect(created.status).toBe(400);
    const after = await list();
    expect(after.find((o) => o.code === base.code)).toEqual(before);
    expect(after.find((o) => o.code === 'OTHER-PLAN')).toBeUndefined();
  });
});
