import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { SupervisionSnapshot, type AgentBoardEntry, type FeedEvent, type FeedFilter, type QueueBoard } from '@shared/schemas/supervision';
import { matchesFilter } from '@shared/supervision/feed-filter';
import { describeError, errorMessage } from '@/api/http';
import { translate } from '@/i18n';
import { getSocket } from '@/realtime/client';

const ACK_TIMEOUT_MS = 5000;
/** How many feed rows the screen keeps; older ones fall off the bottom. */
export const FEED_CAP = 500;
/** How many events a paused feed holds back; past the feed's own cap they could never be shown anyway. */
export const BUFFER_CAP = FEED_CAP;

const EMPTY_BOARD: QueueBoard = { thresholdSec: 20, day: [], lastHour: [], series: [] };

/** Newest first, one row per event id, at most `cap` rows. */
export function mergeFeed(current: FeedEvent[], incoming: FeedEvent[], cap = FEED_CAP): FeedEvent[] {
  const byId = new Map<string, FeedEvent>();
  for (const e of current) byId.set(e.id, e);
  for (const e of incoming) byId.set(e.id, e);
  return [...byId.values()].sort((a, b) => b.at.getTime() - a.at.getTime() || b.id.localeCompare(a.id)).slice(0, cap);
}

/**
 * The supervisor's live picture of the floor: the interaction feed, the agents board and the queue
 * figures. The snapshot from `supervision:subscribe` seeds it; `feed:batch`, `agents:changed` and
 * `queues:changed` (registered in `client/realtime/`) keep it current.
 */
export const useSupervisionStore = defineStore('supervision', () => {
  const filter = ref<FeedFilter>({});
  const feed = ref<FeedEvent[]>([]);
  const agents = ref<AgentBoardEntry[]>([]);
  const queues = ref<QueueBoard>(EMPTY_BOARD);
  const subscribed = ref(false);
  const subscribing = ref(false);
  const error = ref<string | null>(null);

  const paused = ref(false);
  /** Events that arrived while paused, newest first; shown on resume. */
  const buffered = ref<FeedEvent[]>([]);
  const newCount = computed(() => buffered.value.length);

  /** Every team, queue and campaign seen, so the filter selects offer real choices. */
  const seen = ref({ teams: new Set<string>(), queues: new Set<string>(), campaigns: new Set<string>() });
  // Acks of superseded subscriptions are ignored; events arriving while one is in flight are kept.
  let subscribeSeq = 0;
  let inFlight: FeedEvent[] = [];

  function remember(events: FeedEvent[]): void {
    for (const e of events) {
      if (e.team) seen.value.teams.add(e.team);
      if (e.queue) seen.value.queues.add(e.queue);
      if (e.campaign) seen.value.campaigns.add(e.campaign);
    }
  }

  /** Adds events to the feed, or to the held-back buffer while paused. */
  function receiveFeed(events: FeedEvent[]): void {
    remember(events);
    const wanted = events.filter((e) => matchesFilter(e, filter.value));
    if (subscribing.value) inFlight.push(...wanted);
    if (paused.value) {
      const fresh = wanted.filter((e) => !feed.value.some((f) => f.id === e.id));
      buffered.value = mergeFeed(buffered.value, fresh, BUFFER_CAP);
    } else feed.value = mergeFeed(feed.value, wanted);
  }

  function receiveAgents(changed: AgentBoardEntry[]): void {
    const next = [...agents.value];
    for (const a of changed) {
      if (a.team) seen.value.teams.add(a.team);
      const i = next.findIndex((x) => x.userId === a.userId);
      if (i === -1) next.push(a);
      else next[i] = a;
    }
    agents.value = next;
  }

  function receiveQueues(board: QueueBoard): void {
    for (const q of board.day) seen.value.queues.add(q.queue);
    queues.value = board;
  }

  function applySnapshot(snap: SupervisionSnapshot): void {
    const events = mergeFeed(snap.feed.filter((e) => matchesFilter(e, filter.value)), inFlight);
    remember(events);
    if (paused.value) {
      // A reconnect while paused: the visible rows stay put, anything new waits in the buffer.
      const fresh = events.filter((e) => !feed.value.some((f) => f.id === e.id));
      buffered.value = mergeFeed(buffered.value, fresh, BUFFER_CAP);
    } else feed.value = events;
    agents.value = [];
    receiveAgents(snap.agents);
    receiveQueues(snap.queues);
  }

  /** (Re)subscribes with the current filter and replaces the state with the server's snapshot. */
  async function subscribe(): Promise<boolean> {
    const socket = getSocket();
    if (!socket?.connected) return false;
    const seq = ++subscribeSeq;
    subscribing.value = true;
    inFlight = [];
    error.value = null;
    try {
      const res = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('supervision:subscribe', { ...filter.value });
      if (seq !== subscribeSeq) return false;
      if ('error' in res) {
        error.value = describeError(res.error);
        return false;
      }
      // Dates arrive as strings: the shared schema turns them back into `Date`s.
      const snap = SupervisionSnapshot.safeParse(res.data);
      if (!snap.success) {
        console.error('Unreadable supervision snapshot', snap.error);
        error.value = translate('supervision.errors.badSnapshot');
        return false;
      }
      applySnapshot(snap.data);
      subscribed.value = true;
      return true;
    } catch (err) {
      if (seq === subscribeSeq) error.value = err instanceof Error && /timed out/i.test(err.message) ? translate('supervision.errors.noAnswer') : errorMessage(err);
      return false;
    } finally {
      if (seq === subscribeSeq) {
        subscribing.value = false;
        inFlight = [];
      }
    }
  }

  /** Sets one filter field (empty clears it) and re-subscribes; a new filter starts a fresh, unpaused feed. */
  function setFilter<K extends keyof FeedFilter>(key: K, value: FeedFilter[K] | '' | undefined): Promise<boolean> {
    const next: FeedFilter = { ...filter.value };
    if (value === '' || value === undefined) delete next[key];
    else next[key] = value;
    filter.value = next;
    paused.value = false;
    buffered.value = [];
    return subscribe();
  }

  function pause(): void {
    paused.value = true;
  }

  /** Shows everything that arrived while paused; nothing is dropped. */
  function resume(): void {
    feed.value = mergeFeed(feed.value, buffered.value);
    buffered.value = [];
    paused.value = false;
  }

  function reset(): void {
    subscribeSeq++;
    filter.value = {};
    feed.value = [];
    agents.value = [];
    queues.value = EMPTY_BOARD;
    subscribed.value = false;
    subscribing.value = false;
    error.value = null;
    paused.value = false;
    buffered.value = [];
    seen.value = { teams: new Set(), queues: new Set(), campaigns: new Set() };
    inFlight = [];
  }

  return {
    filter, feed, agents, queues, subscribed, subscribing, error, paused, buffered, newCount, seen,
    receiveFeed, receiveAgents, receiveQueues, subscribe, setFilter, pause, resume, reset,
  };
});
