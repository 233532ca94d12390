import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerPicture } from '../../shared/schemas/customer.js';
import { createPictureService } from '../../server/customers/picture.service.js';
import { createModels, type Models } from '../../server/db/models.js';
import { createCatalogueCache } from '../../server/offers/catalogue-cache.js';
import { objected } from '../../server/offers/next-best-offer.js';
import { DEFAULT_NOW } from '../../server/seed/generate.js';
import { seedDemoData } from '../../server/seed/seed.js';
import { freshDatabase } from '../support/mongo.js';

/*
 * The offers every known customer would see if they called us now, on the seeded demo data: the picture
 * is built as the pop builds it, with a live inbound call of theirs on record.
 */
const CUSTOMERS = 400;

describe('offers on the demo data', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let models: Models;
  const seen: Array<{ objected: boolean; picture: CustomerPicture }> = [];

  beforeAll(async () => {
    db = await freshDatabase('demo-offers');
    models = createModels(db.conn);
    await seedDemoData(models, { customers: CUSTOMERS, now: DEFAULT_NOW });
    const customers = await models.Customer.find({}, { phones: 1, consents: 1, doNotCall: 1 }).lean();
    // Each customer calls in: a live inbound call of theirs, waiting in the queue.
    await models.Interaction.insertMany(
      customers.map((c, i) => ({ callId: `demo-${i}`, channel: 'voice', direction: 'inbound', from: c.phones[0]?.number ?? 'unknown', to: 'service', customerId: c._id, state: 'queued', ringingAt: DEFAULT_NOW })),
    );
    const pictures = createPictureService(models, createCatalogueCache(models));
    for (const c of customers) {
      const picture = await pictures.build(String(c._id), DEFAULT_NOW);
      seen.push({ objected: objected({ consents: c.consents, doNotCall: !!c.doNotCall }, 'marketing'), picture });
    }
  }, 240_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('gives at least 80% of known inbound callers an offer', () => {
    const offered = seen.filter((s) => s.picture.nextBestOffers.length > 0).length;
    const share = offered / seen.length;
    const listening = seen.filter((s) => !s.objected);
    const shareListening = listening.filter((s) => s.picture.nextBestOffers.length > 0).length / listening.length;
    console.log(`demo inbound callers with an offer: ${offered}/${seen.length} = ${(share * 100).toFixed(1)}% (of those who did not object: ${(shareListening * 100).toFixed(1)}%)`);
    expect(seen).toHaveLength(CUSTOMERS);
    expect(share).toBeGreaterThanOrEqual(0.8);
  });

  it('gives no one who objected (do-not-call or opted out) a sales offer', () => {
    const objectors = seen.filter((s) => s.objected);
    expect(objectors.length).toBeGreaterThan(20);
    const pitched = objectors.filter((s) => s.picture.nextBestOffers.some((o) => o.purpose === 'marketing'));
    expect(pitched.map((s) => s.picture.profile.displayName)).toEqual([]);
  });

  it('says why whenever there is no offer, and holds sales back while a serious complaint is open', () => {
    for (const { picture } of seen) {
      if (!picture.nextBestOffers.length) expect(picture.offerNotice).not.toBeNull();
      const serious = picture.complaints.some((c) => c.status !== 'resolved' && (c.severity === 'high' || c.severity === 'critical'));
      if (serious) {
        expect(picture.offerNotice?.code).toBe('sales-held');
        expect(picture.nextBestOffers.filter((o) => o.purpose === 'marketing')).toEqual([]);
      }
    }
  });

  it('flags contact details as due for confirmation on few customers, not most', () => {
    const stale = seen.filter((s) => s.picture.profile.freshness?.stale).length / seen.length;
    console.log(`demo customers with contact details due for confirmation: ${(stale * 100).toFixed(1)}%`);
    expect(stale).toBeLessThan(0.25);
  });
});
