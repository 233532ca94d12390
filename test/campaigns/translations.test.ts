import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Campaign } from '../../shared/schemas/campaign.js';
import { seedFixtures } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { TUESDAY_10, campaignInput, createCampaign, next, seedCallListCustomers, testClock } from './support.js';

/** A script and outcome names an admin gave in other languages. */
const translated = () => {
  const input = campaignInput({ dispositionLabels: { 'not-interested': { en: 'No thanks', fa: 'علاقه‌ای ندارند' }, sale: { ro: 'Vânzare încheiată' } } });
  input.script.openingTranslations = { fa: 'سلام، از فروشگاه لوازم خانگی تماس می‌گیرم.', 'zh-CN': '您好，这里是家电商店。' };
  input.script.closingTranslations = { hu: 'Köszönjük a türelmét!' };
  input.script.closing = 'Thank you for your time!';
  const q = input.script.questions[0]!;
  q.textTranslations = { fa: 'چه زمانی می‌توانیم تماس بگیریم؟' };
  q.optionTranslations = [{ fa: 'صبح' }, { fa: 'بعدازظهر' }, { fa: 'عصر' }, {}];
  return input;
};

describe('campaign texts in other languages', () => {
  let t: TestApp;
  let sup: string;
  const clock = testClock();

  beforeEach(async () => {
    clock.set(TUESDAY_10);
    t = await startTestApp({}, { now: clock.now });
    await seedFixtures(t.models);
    await seedCallListCustomers(t.models);
    sup = (await t.login('supervisor')).token;
  });
  afterEach(() => t.close());

  it('stores the translations and returns them with the campaign, to the telemarketer too', async () => {
    const created = await createCampaign(t, sup, translated());
    expect(created.script.openingTranslations).toEqual({ fa: 'سلام، از فروشگاه لوازم خانگی تماس می‌گیرم.', 'zh-CN': '您好，这里是家电商店。' });
    expect(created.script.closingTranslations).toEqual({ hu: 'Köszönjük a türelmét!' });
    expect(created.script.questions[0]).toMatchObject({ textTranslations: { fa: 'چه زمانی می‌توانیم تماس بگیریم؟' }, optionTranslations: [{ fa: 'صبح' }, { fa: 'بعدازظهر' }, { fa: 'عصر' }, {}] });
    expect(created.dispositionLabels).toEqual({ 'not-interested': { en: 'No thanks', fa: 'علاقه‌ای ندارند' }, sale: { ro: 'Vânzare încheiată' } });

    const stored = await t.models.Campaign.findById(created.id).lean<{ dispositionLabels: unknown; script: { openingTranslations: unknown } }>();
    expect(stored?.dispositionLabels).toEqual(created.dispositionLabels);
    expect(stored?.script.openingTranslations).toEqual(created.script.openingTranslations);

    const tm = (await t.login('telemarketer')).token;
    const list = await t.api<Campaign[]>('GET', '/api/campaigns', { token: tm });
    expect(list.body.find((c) => c.id === created.id)).toMatchObject({ dispositionLabels: created.dispositionLabels, script: { openingTranslations: created.script.openingTranslations } });
    // Why nobody is served comes as a code too, so the console words it in the telemarketer's language.
    expect((await t.api('PATCH', `/api/campaigns/${created.id}`, { token: sup, body: { status: 'paused' } })).status).toBe(200);
    const idle = await next(t, tm, created.id);
    expect(idle.body).toMatchObject({ contact: null, reason: 'paused' });
  });

  it.each([
    ['an unknown language in the opening', (i: ReturnType<typeof translated>) => void (i.script.openingTranslations = { de: 'Guten Tag' } as never)],
    ['an unknown language in a question', (i: ReturnType<typeof translated>) => void (i.script.questions[0]!.textTranslations = { klingon: 'nuqneH' } as never)],
    ['an unknown language in an outcome name', (i: ReturnType<typeof translated>) => void (i.dispositionLabels = { sale: { fr: 'Vente' } } as never)],
    ['an unknown outcome', (i: ReturnType<typeof translated>) => void (i.dispositionLabels = { 'maybe-later': { fa: 'شاید بعداً' } } as never)],
    ['more option translations than options', (i: ReturnType<typeof translated>) => void (i.script.questions[0]!.optionTranslations = [{}, {}, {}, {}, { fa: 'اضافه' }])],
  ])('refuses %s with 400 and stores nothing', async (_what, spoil) => {
    const before = await t.models.Campaign.countDocuments({});
    const input = translated();
    spoil(input);
    const res = await t.api<{ error: { code: string } }>('POST', '/api/campaigns', { token: sup, body: input });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(await t.models.Campaign.countDocuments({})).toBe(before);
  });
});
