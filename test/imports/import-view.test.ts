// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { applyLocale } from '@/i18n';
import ImportReportView from '@/imports/ImportReportView.vue';
import ImportView from '@/imports/ImportView.vue';
import { formatOf, useImportsStore } from '@/imports/imports.store';
import { registerListeners } from '@/realtime/socket';
import { fakeSocket, freshPinia, mountWith, settle, stubApi } from '../client/support';

enableAutoUnmount(afterEach);
beforeEach(() => vi.unstubAllGlobals());

const report = (jobId: string) => ({
  jobId,
  type: 'transactions',
  rows: 3,
  created: 1,
  updated: 1,
  rejected: 1,
  rejections: [{ row: 4, code: 'NO_CUSTOMER', params: { externalId: 'NOBODY' }, reason: 'customerExternalId: no customer NOBODY (import customers first)' }],
  customersRefreshed: 1,
  durationMs: 120,
});

describe('the import screen', () => {
  it('sends the file with its type and format, then shows the counts and each rejected row', async () => {
    const api = stubApi({ 'POST /api/imports': (call) => ({ status: 200, body: report((call.body as { jobId: string }).jobId) }) });
    const pinia = freshPinia();
    const wrapper = mountWith(ImportView, pinia);
    const file = new File(['transactionId,customerExternalId\n'], 'sales.CSV', { type: 'text/csv' });
    const input = wrapper.get('[data-testid="import-file"]');
    Object.defineProperty(input.element, 'files', { value: [file] });
    await input.trigger('change');
    await wrapper.get('[data-testid="import-type"]').setValue('transactions');
    await wrapper.get('form').trigger('submit');
    await settle(10);

    const sent = api.find('POST', '/api/imports')[0].body as Record<string, string>;
    expect(sent).toMatchObject({ type: 'transactions', format: 'csv', content: 'transactionId,customerExternalId\n' });
    expect(sent.jobId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(wrapper.get('[data-testid="import-summary"]').text()).toContain('3 rows: 1 created, 1 updated, 1 rejected');
    expect(wrapper.findAll('[data-testid="import-rejection"]').map((r) => r.text())).toEqual([expect.stringContaining('No customer NOBODY')]);
    expect(useImportsStore().running).toBe(false);
  });

  it('shows the progress the server pushes for this upload while it runs, and ignores other jobs', async () => {
    let answer!: (r: unknown) => void;
    stubApi({ 'POST /api/imports': () => new Promise((r) => (answer = r)) });
    const pinia = freshPinia();
    const store = useImportsStore();
    const wrapper = mountWith(ImportView, pinia);
    const { socket, serverSends } = fakeSocket();
    registerListeners(socket);
    const done = store.upload(new File(['externalId\n'], 'people.csv'), 'customers');
    await settle();
    const jobId = store.progress!.jobId;
    serverSends('job:progress', { jobId: 'someone-else', type: 'customers', state: 'running', processed: 9, total: 10 });
    serverSends('job:progress', { jobId, type: 'customers', state: 'running', processed: 1200, total: 3000 });
    await settle();
    expect(wrapper.get('[data-testid="import-progress"]').text()).toContain('1,200 / 3,000 rows');
    answer({ status: 200, body: { ...report(jobId), type: 'customers' } });
    await done;
  });

  it('shows why an upload was refused', async () => {
    stubApi({ 'POST /api/imports': () => ({ status: 400, body: { error: { code: 'BAD_REQUEST', message: 'the file is not valid JSON: boom' } } }) });
    const pinia = freshPinia();
    const store = useImportsStore();
    const wrapper = mountWith(ImportView, pinia);
    await store.upload(new File(['{'], 'x.json'), 'customers');
    await settle();
    expect(wrapper.get('[data-testid="import-error"]').text()).toContain('not valid JSON');
  });

  it('reads .json files as JSON and anything else as CSV', () => {
    expect([formatOf('a.json'), formatOf('A.JSON'), formatOf('a.csv'), formatOf('export.txt')]).toEqual(['json', 'json', 'csv', 'csv']);
  });

  it('words the counts and each refused row in the user’s language (Persian, Chinese)', () => {
    const rejected = {
      ...report('j1'),
      rows: 1250,
      rejected: 2,
      rejections: [
        { row: 3, code: 'INVALID', params: { issues: [{ field: 'email', issue: 'invalid_format' }, { field: '', issue: 'name_required' }] }, reason: 'email: Invalid email address' },
        { row: 4, code: 'NO_CUSTOMER', params: { externalId: 'NOBODY' }, reason: 'customerExternalId: no customer NOBODY (import customers first)' },
      ],
    } as const;
    applyLocale('fa');
    const fa = mount(ImportReportView, { props: { report: rejected as never } });
    expect(fa.get('[data-testid="import-summary"]').text()).toContain('۱٬۲۵۰ سطر: ۱ ایجاد، ۱ به‌روزرسانی، ۲ رد شد');
    const rows = fa.findAll('[data-testid="import-rejection"]').map((r) => r.text());
    expect(rows[0]).toContain('لطفاً بررسی کنید: \u2068email\u2069 (قالب نادرست است)، شخص به نام یا نام خانوادگی و کسب‌وکار به نام شرکت نیاز دارد.');
    expect(rows[1]).toContain('مشتری \u2068NOBODY\u2069 وجود ندارد');
    applyLocale('zh-CN');
    const zh = mount(ImportReportView, { props: { report: rejected as never } });
    expect(zh.get('[data-testid="import-summary"]').text()).toContain('共 1,250 行：新建 1，更新 1，拒绝 2');
    expect(zh.findAll('[data-testid="import-rejection"]')[1]!.text()).toContain('没有客户 NOBODY（请先导入客户）。');
  });
});
