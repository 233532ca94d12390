import { mount, type ComponentMountingOptions } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { vi } from 'vitest';
import { createApp, type Component } from 'vue';
import { createMemoryHistory, type Router } from 'vue-router';
import { adminSections } from '@/admin/sections';
import { createAppRouter } from '@/router';
import { routes } from '@/router/routes';
import { resettable } from '@/stores/resettable';
import type { ConsoleSocket } from '@/realtime/client';

export interface ApiCall {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

type Handler = (call: ApiCall) => { status?: number; body: unknown } | unknown;

/**
 * Stubs `fetch` with a tiny router: `routes['PATCH /api/interactions/:id']` answers matching requests.
 * A handler returns the JSON body, or `{ status, body }` for an error. Unrouted requests answer 404.
 */
export function stubApi(routes: Record<string, Handler>) {
  const calls: ApiCall[] = [];
  const compiled = Object.entries(routes).map(([key, handler]) => {
    const [method, pattern] = key.split(' ') as [string, string];
    const re = new RegExp(`^${pattern.replace(/:[a-zA-Z]+/g, '[^/?]+').replace(/\?/g, '\\?')}(\\?.*)?$`);
    return { method, re, handler };
  });
  const fetchStub = vi.fn(async (input: string, init: RequestInit = {}) => {
    const method = (init.method ?? 'GET').toUpperCase();
    const call: ApiCall = {
      method,
      path: String(input),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      headers: (init.headers ?? {}) as Record<string, string>,
    };
    calls.push(call);
    const route = compiled.find((r) => r.method === method && r.re.test(call.path));
    if (!route) return json({ error: { code: 'NOT_FOUND', message: `no route ${method} ${call.path}` } }, 404);
    const out = await route.handler(call);
    if (out && typeof out === 'object' && 'status' in out && 'body' in out) return json(out.body, out.status as number);
    return json(out, method === 'POST' ? 201 : 200);
  });
  vi.stubGlobal('fetch', fetchStub);
  return { calls, fetch: fetchStub, find: (method: string, path: string | RegExp) => calls.filter((c) => c.method === method && (typeof path === 'string' ? c.path === path : path.test(c.path))) };
}

function json(body: unknown, status: number) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** A fresh Pinia as the page sets it up (every store resettable), active for direct store use. */
export function freshPinia(): Pinia {
  const pinia = createPinia();
  pinia.use(resettable);
  // Pinia holds plugins back until it is installed in an app; stores a test creates before mounting
  // need them too.
  createApp({}).use(pinia);
  setActivePinia(pinia);
  return pinia;
}

/**
 * The app's screens are chunks loaded on first use (dynamic imports). Loaded once here, as a browser
 * holds them once fetched, so a test's navigation renders within `settle()` instead of waiting on this
 * process's module loader; async components keep what they loaded and render at once thereafter.
 */
await Promise.all([
  ...routes.map((r) => (typeof r.component === 'function' ? (r.component as () => Promise<unknown>)() : undefined)),
  ...adminSections.map((s) => (s.component as { __asyncLoader?: () => Promise<unknown> }).__asyncLoader?.()),
]);

/** The app's own router on memory history (guards and all); `url` is where the page starts. */
export function freshRouter(url = '/'): Router {
  const history = createMemoryHistory();
  history.replace(url);
  return createAppRouter(history);
}

/** Mounts with the Pinia and a router (the app's, at `/`, unless the test passes its own). */
export function mountWith<C extends Component>(component: C, pinia: Pinia, options: ComponentMountingOptions<C> & { router?: Router } = {}) {
  const { router = freshRouter(), ...rest } = options;
  return mount(component, { ...rest, global: { ...(rest.global ?? {}), plugins: [pinia, router] } } as ComponentMountingOptions<C>);
}

/** Lets pending promises (fetch stubs, store actions) settle and Vue re-render. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}

/**
 * Enough of a Socket.IO client socket for `registerListeners` and the agent store: records listeners
 * so a test can play server events, and answers `agent:state` with `ackAgentState`.
 */
export function fakeSocket(
  ackAgentState: (req: { state: string }) => unknown = () => ({ error: { code: 'X', message: 'not set' } }),
  /** Answers for other requests by event name, e.g. `'supervision:subscribe'`. */
  acks: Record<string, (payload: unknown) => unknown> = {},
) {
  const listeners = new Map<string, Array<(...args: unknown[]) => void>>();
  const emitted: Array<{ event: string; payload: unknown }> = [];
  const socket = {
    connected: true,
    active: true,
    on(event: string, fn: (...args: unknown[]) => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), fn]);
      return socket;
    },
    io: { on: () => undefined },
    /** Fire-and-forget events (presence announcements) are recorded too. */
    emit(event: string, payload: unknown) {
      emitted.push({ event, payload });
      return socket;
    },
    timeout: () => ({
      emitWithAck: async (event: string, payload: { state: string }) => {
        emitted.push({ event, payload });
        const ack = acks[event];
        return ack ? ack(payload) : ackAgentState(payload);
      },
    }),
  };
  return {
    socket: socket as unknown as ConsoleSocket,
    emitted,
    /** Plays a server → client event. */
    serverSends(event: string, ...args: unknown[]) {
      const fns = listeners.get(event);
      if (!fns) throw new Error(`no listener for ${event}`);
      for (const fn of fns) fn(...args);
    },
  };
}
