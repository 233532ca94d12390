import type { Logger } from 'pino';
import type { EventBus } from '../events.js';
import type { StatusOf, WidgetStatus } from './availability.js';
import type { WidgetSites } from './sites.service.js';
import type { VisitorNamespace } from './visitor-namespace.js';

/**
 * Tells this process's visitors when their site's availability changes (an agent became free or busy,
 * the queue opened or closed, its skills changed): recomputed at most once a second after agents change, and every minute
 * for business hours; once per site, and sent only to a visitor whose answer changed.
 */
export function pushAvailability(deps: { bus: EventBus; sites: WidgetSites; statusOf: StatusOf; logger: Logger }) {
  const { bus, sites, statusOf, logger } = deps;
  let nsp: VisitorNamespace | null = null;
  /** What each visitor was told last, as `availability|callbacks`. */
  const told = new WeakMap<object, string>();
  const keyOf = (s: WidgetStatus) => `${s.availability}|${s.callbacks}`;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  async function refresh() {
    if (!nsp) return;
    const bySite = new Map<string, Array<{ data: { siteId: string }; emit: (e: 'visitor:availability', a: WidgetStatus) => unknown }>>();
    for (const socket of nsp.sockets.values()) {
      const list = bySite.get(socket.data.siteId) ?? [];
      list.push(socket);
      bySite.set(socket.data.siteId, list);
    }
    for (const [siteId, sockets] of bySite) {
      const site = await sites.live(siteId);
      if (!site) continue;
      const status = await statusOf(site.queue);
      for (const socket of sockets) {
        if (told.get(socket) === keyOf(status)) continue;
        told.set(socket, keyOf(status));
        socket.emit('visitor:availability', status);
      }
    }
  }
  function soon() {
    if (timer || !nsp?.sockets.size) return;
    timer = setTimeout(() => {
      timer = null;
      running ??= refresh()
        .catch((err) => logger.warn({ err }, 'widget: availability not refreshed'))
        .finally(() => {
          running = null;
        });
    }, 1000);
    timer.unref();
  }

  bus.on('agent:changed', soon);
  // A queue's skills changed: who can take its chats may have too.
  bus.on('queue-settings:changed', soon);
  const minutely = setInterval(soon, 60_000);
  minutely.unref();
  return {
    /** The namespace whose visitors are told. */
    watch(namespace: VisitorNamespace) {
      nsp = namespace;
    },
    /** What a visitor was told on connecting: changes are measured from it. */
    told: (socket: object, status: WidgetStatus) => void told.set(socket, keyOf(status)),
    stop() {
      clearInterval(minutely);
      if (timer) clearTimeout(timer);
    },
  };
}
