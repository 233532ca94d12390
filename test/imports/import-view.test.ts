// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
  rejections: [{ row: 4, reason: 'customerExternalId: no customer NOBODY (import customers first)' }],
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
    expect(wrapper.findAll('[data-testid="import-rejection"]').map((r) => r.text())).toEqual([expect.stringContaining('no customer NOBODY')]);
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
    expect(wrapper.get('[data-testid="import-progress"]').text()).toContain('1200 / 3000 rows');
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
});
