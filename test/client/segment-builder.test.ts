// @vitest-environment happy-dom
import { enableAutoUnmount, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SegmentFilter } from '@shared/schemas/campaign';
import SegmentBuilder from '@/campaigns/SegmentBuilder.vue';
import { PREVIEW_DEBOUNCE_MS } from '@/campaigns/use-segment-preview';
import { freshPinia, mountWith, stubApi, type ApiCall } from './support';

enableAutoUnmount(afterEach);

// The preview's debounce runs on fake timers: the tests move the clock instead of sleeping through it.
/** Moves the clock on by `ms`, running the timers due and letting promises (fetch stubs) settle. */
const elapse = (ms: number) => vi.advanceTimersByTimeAsync(ms);
/** Lets pending promises and Vue's re-render settle without moving the clock. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(0);
};

function mountBuilder(modelValue: SegmentFilter = {}) {
  return mountWith(SegmentBuilder, freshPinia(), { props: { modelValue, onePerHousehold: true } });
}

/** Answers previews with figures that depend on the segment asked for, so a test can tell answers apart. */
function previewRoute(call: ApiCall) {
  const { segment } = call.body as { segment: SegmentFilter };
  const narrowed = Object.keys(segment).length > 0;
  return narrowed
    ? { matched: 42, eligible: 30, excluded: { 'opted-out': 7, household: 4, 'do-not-call': 1 }, sample: [{ id: 'c1', displayName: 'Ada Lovelace' }, { id: 'c2', displayName: 'Grace Hopper' }] }
    : { matched: 2000, eligible: 1500, excluded: { 'opted-out': 500 }, sample: [] };
}

const text = (w: VueWrapper, id: string) => w.get(`[data-testid="${id}"]`).text();

describe('segment builder', () => {
  beforeEach(() => {
    vi.unstubAllGlobals();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('sends one debounced preview with the whole segment once the supervisor stops changing it', async () => {
    const api = stubApi({ 'POST /api/campaigns/preview': previewRoute });
    const wrapper = mountBuilder();
    await elapse(PREVIEW_DEBOUNCE_MS - 1);
    expect(api.find('POST', '/api/campaigns/preview')).toHaveLength(0);
    await elapse(1);
    await settle();
    expect(api.find('POST', '/api/campaigns/preview').map((c) => c.body)).toEqual([{ segment: {}, onePerHousehold: true }]);
    expect(text(wrapper, 'preview-matched')).toBe('2,000');

    await wrapper.get('[data-testid="seg-kind"]').setValue('person');
    await wrapper.get('[data-testid="seg-segment-loyal"]').setValue(true);
    await wrapper.get('[data-testid="seg-segment-champions"]').setValue(true);
    await wrapper.get('[data-testid="seg-at-risk"]').setValue('no');
    await wrapper.get('[data-testid="seg-bought"]').setValue('dishwashers, coffee-machines,');
    await wrapper.get('[data-testid="seg-not-bought"]').setValue('dishwasher-tablets');
    await wrapper.get('[data-testid="seg-regions"]').setValue('Scotland');
    await wrapper.get('[data-testid="seg-age-35-44"]').setValue(true);
    await wrapper.get('[data-testid="seg-min-spend"]').setValue('25');
    await wrapper.get('[data-testid="seg-not-contacted"]').setValue('30');
    await wrapper.get('[data-testid="seg-phone-consent"]').setValue('granted');
    await wrapper.get('[data-testid="seg-one-per-household"]').setValue(false);
    await elapse(100);
    // Still typing: nothing sent for the intermediate states.
    expect(api.find('POST', '/api/campaigns/preview')).toHaveLength(1);
    // The debounce counts from the last change.
    await wrapper.get('[data-testid="seg-min-spend"]').setValue('250');
    await elapse(PREVIEW_DEBOUNCE_MS - 1);
    expect(api.find('POST', '/api/campaigns/preview')).toHaveLength(1);

    await elapse(1);
    await settle();
    const sent = api.find('POST', '/api/campaigns/preview').map((c) => c.body);
    expect(sent).toHaveLength(2);
    const expected = {
      kind: 'person',
      segments: ['loyal', 'champions'],
      atRisk: false,
      boughtCategories: ['dishwashers', 'coffee-machines'],
      notBoughtCategories: ['dishwasher-tablets'],
      regions: ['Scotland'],
      ageBands: ['35-44'],
      minSpend: 250,
      notContactedForDays: 30,
      phoneConsent: 'granted',
    };
    expect(sent[1]).toEqual({ segment: expected, onePerHousehold: false });
    expect(SegmentFilter.safeParse(expected).success).toBe(true);
    // The parent's v-model follows.
    expect(wrapper.emitted('update:modelValue')!.at(-1)).toEqual([expected]);
    expect(wrapper.emitted('update:onePerHousehold')!.at(-1)).toEqual([false]);
  });

  it('shows matched, to-be-called and left-out counts with every reason in words and sample names', async () => {
    stubApi({ 'POST /api/campaigns/preview': previewRoute });
    const wrapper = mountBuilder({ segments: ['loyal'] });
    await elapse(PREVIEW_DEBOUNCE_MS);
    await settle();

    expect(text(wrapper, 'preview-matched')).toBe('42');
    expect(text(wrapper, 'preview-eligible')).toBe('30');
    expect(text(wrapper, 'preview-excluded-total')).toBe('12');
    const reasons = wrapper.findAll('[data-testid="preview-reason"]');
    expect(reasons.map((r) => r.attributes('data-reason'))).toEqual(['opted-out', 'household', 'do-not-call']);
    expect(reasons[0]!.text()).toBe('7 opted out of phone marketing');
    expect(reasons[1]!.text()).toBe('4 another member of the household is on the list');
    expect(text(wrapper, 'preview-sample')).toContain('Ada Lovelace, Grace Hopper');
    expect((wrapper.get('[data-testid="seg-segment-loyal"]').element as HTMLInputElement).checked).toBe(true);
  });

  it('keeps the latest answer when an earlier preview answers after it', async () => {
    const pending: Array<{ body: { segment: SegmentFilter }; answer: (preview: unknown) => void }> = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(
        (_path: string, init: RequestInit) =>
          new Promise<Response>((resolve) => {
            const body = JSON.parse(String(init.body)) as { segment: SegmentFilter };
            pending.push({ body, answer: (p) => resolve(new Response(JSON.stringify(p), { status: 200, headers: { 'Content-Type': 'application/json' } })) });
          }),
      ),
    );
    const wrapper = mountBuilder();
    await elapse(PREVIEW_DEBOUNCE_MS);
    await wrapper.get('[data-testid="seg-regions"]').setValue('Wales');
    await elapse(PREVIEW_DEBOUNCE_MS);
    expect(pending.map((p) => p.body.segment)).toEqual([{}, { regions: ['Wales'] }]);

    pending[1]!.answer({ matched: 90, eligible: 80, excluded: {}, sample: [] });
    await settle();
    pending[0]!.answer({ matched: 2000, eligible: 1500, excluded: {}, sample: [] });
    await settle();
    expect(text(wrapper, 'preview-matched')).toBe('90');
  });

  it('follows a segment set from outside and counts it', async () => {
    const api = stubApi({ 'POST /api/campaigns/preview': previewRoute });
    const wrapper = mountBuilder({ segments: ['loyal'] });
    await wrapper.setProps({ modelValue: { regions: ['Wales', 'Scotland'], minSpend: 100 }, onePerHousehold: false } as Record<string, unknown>);
    await elapse(PREVIEW_DEBOUNCE_MS);
    await settle();
    expect((wrapper.get('[data-testid="seg-segment-loyal"]').element as HTMLInputElement).checked).toBe(false);
    expect((wrapper.get('[data-testid="seg-regions"]').element as HTMLInputElement).value).toBe('Wales, Scotland');
    expect(api.find('POST', '/api/campaigns/preview').map((c) => c.body)).toEqual([{ segment: { regions: ['Wales', 'Scotland'], minSpend: 100 }, onePerHousehold: false }]);
  });

  it('shows why a preview failed', async () => {
    stubApi({ 'POST /api/campaigns/preview': () => ({ status: 400, body: { error: { code: 'BAD_REQUEST', message: 'segment: minSpend must be at least 0' } } }) });
    const wrapper = mountBuilder();
    await elapse(PREVIEW_DEBOUNCE_MS);
    await settle();
    expect(text(wrapper, 'preview-error')).toContain('minSpend must be at least 0');
  });
});
