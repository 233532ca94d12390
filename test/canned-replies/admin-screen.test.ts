// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import CannedRepliesView from '@/canned-replies/CannedRepliesView.vue';
import { freshPinia, mountWith, settle, stubApi, type ApiCall } from '../client/support';

enableAutoUnmount(afterEach);
beforeEach(() => vi.unstubAllGlobals());

const reply = (shortcut: string, team: string | null = null) => ({ id: `id-${shortcut}`, title: shortcut, shortcut, text: `Text of ${shortcut}`, team, updatedAt: '2026-11-01T10:00:00.000Z', updatedBy: 'dana' });

describe('the canned replies screen', () => {
  it('checks the form with the shared schema before sending, and words a taken shortcut', async () => {
    const api = stubApi({
      'GET /api/canned-replies': (c: ApiCall) => (c.path.includes('team=north') ? [reply('thanks', 'north')] : [reply('hello'), reply('thanks', 'north')]),
      'POST /api/canned-replies': () => ({ status: 409, body: { error: { code: 'CANNED_SHORTCUT_TAKEN', message: 'taken', params: { shortcut: 'hello', team: '' } } } }),
    });
    const wrapper = mountWith(CannedRepliesView, freshPinia());
    await settle();
    expect(wrapper.findAll('[data-testid="canned-row"]').map((r) => r.attributes('data-shortcut'))).toEqual(['hello', 'thanks']);
    // The team filter offers the teams replies are for.
    expect(wrapper.findAll('[data-testid="canned-filter-team"] option').map((o) => o.text())).toEqual(['All teams', 'Everyone', 'north']);
    await wrapper.get('[data-testid="canned-filter-team"]').setValue('north');
    await settle();
    expect(api.calls.at(-1)!.path).toBe('/api/canned-replies?team=north');
    expect(wrapper.findAll('[data-testid="canned-row"]')).toHaveLength(1);

    await wrapper.get('[data-testid="canned-add"]').trigger('click');
    await wrapper.get('[data-testid="canned-title"]').setValue('Hi');
    await wrapper.get('[data-testid="canned-shortcut"]').setValue('two words');
    await wrapper.get('[data-testid="canned-text"]').setValue('Hello {customer.firstName}');
    await wrapper.get('[data-testid="canned-form"]').trigger('submit');
    expect(wrapper.get('[data-testid="canned-form-errors"]').text()).toBe('Shortcut: use letters, digits and dashes only (at most 32)');
    expect(api.find('POST', '/api/canned-replies')).toHaveLength(0);

    await wrapper.get('[data-testid="canned-shortcut"]').setValue('hello');
    await wrapper.get('[data-testid="canned-form"]').trigger('submit');
    await settle();
    expect(api.find('POST', '/api/canned-replies')[0]!.body).toEqual({ title: 'Hi', shortcut: 'hello', text: 'Hello {customer.firstName}', team: null });
    expect(wrapper.get('[data-testid="canned-error"]').text()).toBe('The shortcut /hello is taken by another active reply of the same team.');
    expect(wrapper.find('[data-testid="canned-form"]').exists()).toBe(true);
  });
});
