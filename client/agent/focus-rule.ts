import type { Channel } from '@shared/schemas/common';
import type { InteractionState } from '@shared/schemas/interaction';

/** What the focus rule needs to know of one interaction on the agent's screen. */
export interface FocusItem {
  id: string;
  channel: Channel;
  state: InteractionState;
  /** The agent has recorded its disposition. */
  wrappedUp: boolean;
}

/** The agent's screen when something happens. */
export interface FocusScene {
  /** Every interaction on the screen, in the order they arrived. */
  items: readonly FocusItem[];
  /** What the main area shows: an interaction, a customer opened from search, or nothing. */
  shown: { kind: 'interaction'; id: string } | { kind: 'customer' } | null;
  /** The agent is typing in a text field of the console (notes, a chat reply, a form, search). */
  typing: boolean;
}

/**
 * What the workspace does: show an interaction (and move the keyboard focus to it, unless that would
 * take it out of a field the agent is typing in), invite the agent to take it with an announced
 * prompt, or leave the screen as it is.
 */
export type FocusMove = { kind: 'show'; id: string; moveFocus: boolean } | { kind: 'prompt'; id: string } | { kind: 'stay' };

const isLive = (item: FocusItem) => item.state !== 'ended';

/**
 * The agent is busy with what is shown: typing in it, or talking on it (a connected call: showing
 * another customer's picture then would have them talk to one customer while reading another's).
 */
function engaged(scene: FocusScene, shownItem: FocusItem | undefined): boolean {
  return scene.typing || (!!shownItem && shownItem.channel === 'voice' && shownItem.state === 'active');
}

function shownItemOf(scene: FocusScene): FocusItem | undefined {
  const shown = scene.shown;
  return shown?.kind === 'interaction' ? scene.items.find((i) => i.id === shown.id) : undefined;
}

/**
 * A pop arrived for `id`. A new live interaction takes the screen unless the agent is busy with another
 * (then a prompt). One that has ended (re-sent, waiting for its wrap-up) only fills an empty screen:
 * ended interactions never hide a live one. A live one the agent already had (`resent` after a reload
 * or a reconnect, answered before) is not news: no prompt; it fills an empty screen or replaces an
 * ended one.
 */
export function onArrival(scene: FocusScene, id: string, resent = false): FocusMove {
  const arriving = scene.items.find((i) => i.id === id);
  if (!arriving) return { kind: 'stay' };
  const shownItem = shownItemOf(scene);
  const empty = !scene.shown || (scene.shown.kind === 'interaction' && !shownItem);
  if (shownItem?.id === id) return { kind: 'stay' };
  if (!isLive(arriving)) return empty ? { kind: 'show', id, moveFocus: !scene.typing } : { kind: 'stay' };
  if (resent) {
    if (empty) return { kind: 'show', id, moveFocus: !scene.typing };
    // Still, a live one is not left behind an ended one (the order of re-sent pops is the server's).
    return shownItem && !isLive(shownItem) && !scene.typing ? { kind: 'show', id, moveFocus: true } : { kind: 'stay' };
  }
  // Nothing on screen to keep: show it, but leave the keyboard where the agent is typing (search).
  if (empty) return { kind: 'show', id, moveFocus: !scene.typing };
  if (engaged(scene, shownItem)) return { kind: 'prompt', id };
  return { kind: 'show', id, moveFocus: true };
}

/**
 * The interaction `id` ended. If it is on screen while another live one waits behind it, the live one
 * (the one waiting longest) comes forward, or is offered with a prompt while the agent types.
 */
export function onEnded(scene: FocusScene, id: string): FocusMove {
  if (scene.shown?.kind !== 'interaction' || scene.shown.id !== id) return { kind: 'stay' };
  const waiting = scene.items.find((i) => i.id !== id && isLive(i));
  if (!waiting) return { kind: 'stay' };
  return scene.typing ? { kind: 'prompt', id: waiting.id } : { kind: 'show', id: waiting.id, moveFocus: true };
}

/**
 * The tab shown after `closedId` is closed: the newest live interaction, else the newest one still
 * waiting for its wrap-up, else the newest of the rest.
 */
export function nextAfterClose(items: readonly FocusItem[], closedId: string): string | null {
  const rest = items.filter((i) => i.id !== closedId);
  const newest = (pred: (i: FocusItem) => boolean) => [...rest].reverse().find(pred)?.id;
  return newest(isLive) ?? newest((i) => !i.wrappedUp) ?? newest(() => true) ?? null;
}
