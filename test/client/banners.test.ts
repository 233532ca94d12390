import { describe, expect, it } from 'vitest';
import type { Complaint, CustomerPicture } from '@shared/schemas/customer';
import { type BannerKey, bannersFor } from '@/customers/banners';

const complaint = (over: Partial<Complaint>): Complaint => ({
  id: 'c1',
  customerId: 'x',
  subject: 'Dishwasher leaks',
  category: 'product quality',
  severity: 'high',
  status: 'open',
  openedAt: new Date('2026-10-01T10:00:00Z'),
  updatedAt: new Date('2026-10-01T10:00:00Z'),
  ...over,
});
type Input = Parameters<typeof bannersFor>[0];
const picture = (over: { doNotCall?: boolean; optOut?: boolean; complaints?: Complaint[]; stale?: boolean }): Input =>
  ({
    consents: { items: [], doNotCall: !!over.doNotCall, marketingOptOut: !!over.optOut },
    complaints: over.complaints ?? [],
    profile: { freshness: { stale: !!over.stale } } as CustomerPicture['profile'],
  }) as Input;

describe('the banner area', () => {
  it.each<[string, Parameters<typeof picture>[0], BannerKey[]]>([
    ['nothing to say', {}, []],
    ['everything at once, most severe first', { doNotCall: true, optOut: true, complaints: [complaint({})], stale: true }, ['do-not-call', 'opted-out', 'open-complaint', 'stale-contact']],
    ['stale contact details alone', { stale: true }, ['stale-contact']],
    ['an opt-out outranks a complaint and stale details', { optOut: true, complaints: [complaint({})], stale: true }, ['opted-out', 'open-complaint', 'stale-contact']],
    ['a resolved complaint is no banner', { complaints: [complaint({ status: 'resolved' })] }, []],
  ])('%s', (_what, input, keys) => {
    expect(bannersFor(picture(input)).map((b) => b.key)).toEqual(keys);
  });

  it('names the most severe open complaint, red for high and above, amber below', () => {
    const [b] = bannersFor(picture({ complaints: [complaint({ id: 'a', severity: 'medium', subject: 'Late' }), complaint({ id: 'b', severity: 'critical', subject: 'Fire risk' })] }));
    expect(b).toMatchObject({ tone: 'danger', text: 'Open complaint, critical severity: Fire risk (+1 more open)' });
    expect(bannersFor(picture({ complaints: [complaint({ severity: 'low' })] }))[0]!.tone).toBe('warn');
  });

  it('never shows stale contact details in red', () => {
    expect(bannersFor(picture({ stale: true }))[0]!.tone).toBe('notice');
  });
});
