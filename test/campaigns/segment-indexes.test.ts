import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SegmentFilter } from '../../shared/schemas/campaign.js';
import { segmentToFilter } from '../../server/campaigns/segment-filter.js';
import { type TestApp, startTestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  const segments = ['champions', 'loyal', 'at-risk', 'hibernating'];
  const regions = ['North', 'South', 'East', 'West', 'Wales'];
  await t.models.Customer.insertMany(
    Array.from({ length: 2000 }, (_, i) => ({
      kind: 'person',
      displayName: `Segment Person ${i}`,
      value: { segment: segments[i % 4] },
      addresses: [{ label: 'home', region: regions[i % 5] }],
      owned: i % 10 === 0 ? [{ sku: 'KET-1', category: 'kettles' }] : [],
      totals: { spend: i },
    })),
  );
});
afterAll(() => t.close());

type Plan = { queryPlanner: { winningPlan: { inputStage?: { stage: string; indexName: string } } }; executionStats: { totalDocsExamined: number; nReturned: number } };
const planOf = async (segment: SegmentFilter) => (await t.models.Customer.find(segmentToFilter(segment)).explain('executionStats')) as unknown as Plan;

describe('segments read from their indexes', () => {
  it.each([
    ['an RFM segment', { segments: ['champions'] }, 'value.segment_1', 500],
    ['one region among segments', { segments: ['champions', 'loyal'], regions: ['Wales'] }, 'addresses.region_1', 400],
    // Owning a category is an $or (category or SKU): the segments' index answers, the $or is matched.
    ['owners of a category among segments', { boughtCategories: ['kettles'], segments: ['champions', 'loyal', 'at-risk'] }, 'value.segment_1', 1500],
    ['big spenders', { minSpend: 1900 }, 'totals.spend_1', 100],
  ] as const)('%s: the narrowest indexed condition picks the customers read, and explain names it', async (_name, segment, index, examined) => {
    const plan = await planOf(segment as SegmentFilter);
    expect(plan.queryPlanner.winningPlan.inputStage).toMatchObject({ stage: 'IXSCAN', indexName: index });
    expect(plan.executionStats.totalDocsExamined).toBe(examined);
  });
});
