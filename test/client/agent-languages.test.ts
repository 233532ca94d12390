// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import AgentStateSwitch from '@/agent/AgentStateSwitch.vue';
import { useAgentStore } from '@/agent/agent.store';
import { useAnnouncerStore } from '@/agent/announcer.store';
import ComplaintForm from '@/complaints/ComplaintForm.vue';
import { applyLocale } from '@/i18n';
import CallStrip from '@/interactions/CallStrip.vue';
import { useInteractionsStore } from '@/interactions/interactions.store';
import WrapUpForm from '@/interactions/WrapUpForm.vue';
import { useNoticeStore } from '@/router/notice.store';
import { ids, pop } from './fixtures';
import { freshPinia, mountWith } from './support';

enableAutoUnmount(afterEach);

const PERSIAN_CLOCK = /[۰-۹]{2}:[۰-۹]{2}/;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** The switch with the server's reasons: two a new installation starts with and one an admin added. */
function mountSwitch(status: Parameters<ReturnType<typeof useAgentStore>['applyStatus']>[0]) {
  const pinia = freshPinia();
  const agent = useAgentStore();
  agent.reasons = [
    { code: 'break', label: 'Break', active: true },
    { code: 'lunch', label: 'Lunch', active: true },
    { code: 'quiet-hour', label: 'Quiet hour', active: true },
  ];
  agent.applyStatus(status);
  return mountWith(AgentStateSwitch, pinia);
}

function mountPop() {
  const pinia = freshPinia();
  const interactions = useInteractionsStore();
  interactions.receivePop(pop());
  return { pinia, interactions, live: interactions.items[ids.call]! };
}

describe('the agent state switch in other languages', () => {
  it('speaks Persian: the buttons, the state and its reason by code, an admin’s reason as written, the time in Persian digits', () => {
    applyLocale('fa');
    const wrapper = mountSwitch({ state: 'not-ready', presence: 'not-ready', reason: 'break', since: ago(75_000), voice: 0, chats: 0 });

    expect(wrapper.get('[data-testid="state-available"]').text()).toBe('آماده');
    expect(wrapper.get('[data-testid="state-not-ready"]').text()).toBe('غیرآماده');
    const current = wrapper.get('[data-testid="state-current"]').text();
    expect(current).toContain('غیرآماده');
    expect(current).toContain('(استراحت)');
    expect(current).toMatch(PERSIAN_CLOCK);
    expect(current).not.toMatch(/[0-9]/);
    expect(wrapper.findAll('[data-testid="not-ready-reason"] option').map((o) => o.text())).toEqual(['استراحت', 'ناهار', 'Quiet hour']);
    expect(wrapper.get('[role="group"]').attributes('aria-label')).toBe('وضعیت آمادگی شما');
  });

  it('speaks Chinese: after-call work counting down, what follows it, and a system reason by its code', () => {
    applyLocale('zh-CN');
    const acwUntil = new Date(Date.now() + 90_500).toISOString();
    const wrapper = mountSwitch({ state: 'after-call-work', presence: 'not-ready', reason: 'lunch', acwUntil, since: ago(1000), voice: 0, chats: 0 });
    expect(wrapper.get('[data-testid="state-current"]').text()).toMatch(/话后处理 · 剩余 01:(29|30)/);
    expect(wrapper.get('[data-testid="state-then"]').text()).toContain('随后未就绪（午餐）');

    const agent = useAgentStore();
    agent.applyStatus({ state: 'not-ready', presence: 'not-ready', reason: 'missed', since: ago(1000), voice: 0, chats: 0 });
    expect(agent.reasonText).toBe('未接起分配的来电');
  });

  it('follows a language change at once, without a reload', async () => {
    const wrapper = mountSwitch({ state: 'available', presence: 'available', since: ago(5000), voice: 0, chats: 0 });
    expect(wrapper.get('[data-testid="state-current"]').text()).toContain('Available');
    applyLocale('zh-CN');
    await nextTick();
    expect(wrapper.get('[data-testid="state-current"]').text()).toContain('就绪');
    expect(wrapper.get('[data-testid="state-available"]').text()).toBe('就绪');
  });
});

describe('the wrap-up form in other languages', () => {
  it('speaks Persian', () => {
    applyLocale('fa');
    const { pinia, live } = mountPop();
    const wrapper = mountWith(WrapUpForm, pinia, { props: { live } });
    expect(wrapper.get('.panel__title').text()).toBe('یادداشت‌ها و نتیجهٔ تماس');
    expect(wrapper.get('[data-testid="notes-input"]').attributes('dir')).toBe('auto');
    const options = wrapper.findAll('[data-testid="disposition-select"] option').map((o) => o.text());
    expect(options).toContain('حل شد');
    expect(options).toContain('شکایت ثبت شد');
    expect(wrapper.get('[data-testid="disposition-save"]').text()).toBe('ذخیره و جمع‌بندی');
  });

  it('speaks Chinese', () => {
    applyLocale('zh-CN');
    const { pinia, live } = mountPop();
    const wrapper = mountWith(WrapUpForm, pinia, { props: { live } });
    expect(wrapper.get('.panel__title').text()).toBe('备注与通话结果');
    expect(wrapper.get('[data-testid="notes-status"]').text()).toBe('备注在输入时自动保存');
    expect(wrapper.findAll('[data-testid="disposition-select"] option').map((o) => o.text())).toContain('需要跟进');
    expect(wrapper.get('[data-testid="disposition-save"]').text()).toBe('保存并完成话后处理');
  });
});

describe('the complaint form in other languages', () => {
  it('speaks Chinese, keeping the suggested categories’ stored words and naming them in the user’s language', () => {
    applyLocale('zh-CN');
    const wrapper = mountWith(ComplaintForm, freshPinia(), { props: { customerId: ids.ioana } });
    expect(wrapper.findAll('.field__label').map((l) => l.text())).toEqual(['主题', '类别', '严重程度']);
    expect(wrapper.findAll('[data-testid="complaint-severity"] option').map((o) => o.text())).toEqual(['低', '中', '高', '紧急']);
    const billing = wrapper.get('datalist option[value="billing"]');
    expect(billing.attributes('label')).toBe('账单');
    expect(wrapper.get('[data-testid="complaint-submit"]').text()).toBe('提交投诉');
  });

  it('speaks Persian', () => {
    applyLocale('fa');
    const wrapper = mountWith(ComplaintForm, freshPinia(), { props: { customerId: ids.ioana } });
    expect(wrapper.get('[data-testid="complaint-subject"]').attributes('placeholder')).toBe('در یک خط: چه مشکلی پیش آمد؟');
    expect(wrapper.findAll('[data-testid="complaint-severity"] option').map((o) => o.text())).toContain('بحرانی');
    expect(wrapper.get('[data-testid="complaint-submit"]').text()).toBe('ثبت شکایت');
  });
});

describe('a live call in Persian', () => {
  it('times the call in Persian digits and keeps the caller’s number left to right', () => {
    applyLocale('fa');
    const { pinia, live } = mountPop();
    live.poppedAt = Date.now() - 83_000;
    const wrapper = mountWith(CallStrip, pinia, { props: { live } });
    expect(wrapper.get('.callstrip__channel').text()).toBe('تماس صوتی');
    expect(wrapper.get('.callstrip__timer').text()).toMatch(PERSIAN_CLOCK);
    expect(wrapper.get('[data-testid="pop-from"]').attributes('dir')).toBe('ltr');
  });

  it('announces a pop in Persian', async () => {
    applyLocale('fa');
    freshPinia();
    useInteractionsStore().receivePop(pop());
    await nextTick();
    expect(useAnnouncerStore().message).toMatch(/^تماس از .+\.$/);
  });
});

describe('a route notice', () => {
  it('is kept as a message key, so it reads in the language chosen after it was shown', async () => {
    freshPinia();
    const notice = useNoticeStore();
    notice.show({ key: 'router.notForRole', screen: 'floor' });
    expect(notice.message).toBe('Floor is not available to your role; you are on your home screen.');
    applyLocale('fa');
    await nextTick();
    expect(notice.message).toBe('«پایش سالن» برای نقش شما در دسترس نیست؛ به صفحهٔ اصلی خود منتقل شدید.');
  });
});
