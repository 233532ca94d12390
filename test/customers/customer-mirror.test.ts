import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerView } from '../../server/customers/customer-mirror.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedFixtures(t.models);
});
afterAll(() => t.close());

const base = { kind: 'person' as const, timezone: 'Europe/London', purpose: 'customer-service' };
const names = customerView({ displayName: 1 }, (c) => String(c.displayName));

describe("the back office's customer rows", () => {
  it('answers an ask made before a change from the rows read then, and an ask made after it with the change', async () => {
    const first = await names.rows(t.models);
    expect(first.size).toBe(await t.models.Customer.countDocuments({}));
    const added = await t.models.Customer.create({ ...base, displayName: 'Rhea Later' });
    // Asked before the last refresh began (here: long ago), the rows that refresh read answer, without the change.
    expect((await names.rows(t.models, 0)).has(String(added._id))).toBe(false);
    expect((await names.rows(t.models)).get(String(added._id))).toBe('Rhea Later');
    await t.models.Customer.updateOne({ _id: added._id }, { $set: { displayName: 'Rhea Renamed' } });
    expect((await names.rows(t.models)).get(String(added._id))).toBe('Rhea Renamed');
  });

  it('shares one refresh among asks made while it waits, and each sees what was written before its ask', async () => {
    const one = await t.models.Customer.create({ ...base, displayName: 'Sol One' });
    const asks = [names.rows(t.models), names.rows(t.models), names.rows(t.models)];
    const two = await t.models.Customer.create({ ...base, displayName: 'Sol Two' });
    const late = names.rows(t.models);
    for (const rows of await Promise.all(asks)) expect(rows.get(String(one._id))).toBe('Sol One');
    expect((await late).get(String(two._id))).toBe('Sol Two');
  });

  it('reads every customer for a view added after the others were read', async () => {
    await names.rows(t.models);
    const emails = customerView({ 'emails.address': 1 }, (c) => ((c.emails as Array<{ address: string }> | undefined) ?? []).map((e) => e.address));
    const rows = await emails.rows(t.models);
    expect(rows.size).toBe(await t.models.Customer.countDocuments({}));
    const ada = (await t.models.Customer.findOne({ displayName: 'Ada Lovelace' }).lean())!;
    expect(rows.get(String(ada._id))).toEqual(ada.emails.map((e) => e.address));
    // The earlier view still answers, from the same pass.
    expect((await names.rows(t.models)).get(String(ada._id))).toBe('Ada Lovelace');
  });
});
