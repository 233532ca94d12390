// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '@/App.vue';
import { useAuthStore } from '@/auth/auth.store';
import { setSocket } from '@/realtime/client';
import { freshPinia, mountWith, settle, stubApi } from './support';

enableAutoUnmount(afterEach);

const user = (language?: string) => ({ id: 'u1', username: 'elena', role: 'supervisor', displayName: 'Elena Marin', ...(language ? { language } : {}) });
const session = (language?: string) => sessionStorage.setItem('agent-console.session', JSON.stringify({ token: 'tok', user: user(language) }));
const page = () => [document.documentElement.lang, document.documentElement.dir];

beforeEach(() => {
  sessionStorage.clear();
  vi.unstubAllGlobals();
  setSocket(null);
});

describe('the language switcher', () => {
  it('greets a Persian browser in Persian, right to left, before anyone logs in', async () => {
    vi.stubGlobal('navigator', { ...navigator, language: 'fa-IR', languages: ['fa-IR', 'en'] });
    stubApi({});
    const wrapper = mountWith(App, freshPinia());
    await settle();
    expect(page()).toEqual(['fa', 'rtl']);
    expect(wrapper.get('[data-testid="login-submit"]').text()).toBe('ورود');
  });

  it('opens in the language the user chose, whatever the browser says', async () => {
    vi.stubGlobal('navigator', { ...navigator, language: 'en-GB', languages: ['en-GB'] });
    session('ro');
    stubApi({ 'GET /api/supervision/snapshot': () => ({}) });
    const wrapper = mountWith(App, freshPinia());
    await settle();
    expect(page()).toEqual(['ro', 'ltr']);
    expect(wrapper.get('[data-testid="logout"]').text()).toBe('Deconectare');
  });

  it('switches at once and keeps the choice with the user on the server', async () => {
    session();
    const api = stubApi({ 'PUT /api/auth/language': (call) => ({ ...user(), language: (call.body as { language: string }).language }) });
    const pinia = freshPinia();
    const wrapper = mountWith(App, pinia);
    await settle();
    await wrapper.get('[data-testid="language"]').setValue('zh-CN');
    await settle();
    expect(page()).toEqual(['zh-CN', 'ltr']);
    expect(wrapper.get('[data-testid="logout"]').text()).toBe('退出登录');
    expect(api.find('PUT', '/api/auth/language').map((c) => c.body)).toEqual([{ language: 'zh-CN' }]);
    expect(useAuthStore(pinia).user?.language).toBe('zh-CN');
    // A reload of the tab keeps it.
    expect(JSON.parse(sessionStorage.getItem('agent-console.session')!).user.language).toBe('zh-CN');
  });

  it('says so when the choice could not be saved, and still shows the chosen language', async () => {
    session();
    stubApi({ 'PUT /api/auth/language': () => ({ status: 503, body: { error: { code: 'UNAVAILABLE', message: 'the database is unreachable; try again shortly' } } }) });
    const wrapper = mountWith(App, freshPinia());
    await settle();
    await wrapper.get('[data-testid="language"]').setValue('hu');
    await settle();
    expect(page()).toEqual(['hu', 'ltr']);
    expect(wrapper.get('[role="alert"]').text()).toContain('A nyelvet nem sikerült menteni');
  });

  it('goes back to the browser’s language when the user logs out', async () => {
    vi.stubGlobal('navigator', { ...navigator, language: 'hu-HU', languages: ['hu-HU'] });
    session('fa');
    stubApi({ 'POST /api/auth/logout': () => ({}) });
    const pinia = freshPinia();
    mountWith(App, pinia);
    await settle();
    expect(page()).toEqual(['fa', 'rtl']);
    useAuthStore(pinia).logout('bye');
    await settle();
    expect(page()).toEqual(['hu', 'ltr']);
  });
});
