import type { FeedEvent } from '../../shared/schemas/supervision.js';
import type { InteractionDoc } from '../interactions/interaction.model.js';
import { connectedAt } from '../interactions/connected-at.js';

export type Kind = FeedEvent['kind'];

/** What the feed last saw of an interaction, to tell what a new write changed. */
export interface Seen {
  version: number;
  state: string;
  /** When the call started (rang): tells a call first heard of late from one forgotten long ago. */
  startedAt?: number;
  agentId?: string;
  answeredAt?: number;
  endedAt?: number;
  wrappedUpAt?: number;
  offers: number;
  complaints: number;
  /** Transfers so far (absent: none). */
  transfers?: number;
  /** Whether the caller is on hold now. */
  held?: boolean;
}

/** A call this recent, first seen after it changed, is a new one (see stepsOf). */
const JUST_STARTED_MS = 30_000;
const ms = (d: Date | null | undefined) => (d ? new Date(d).getTime() : undefined);

export function seenOf(i: InteractionDoc): Seen {
  return {
    version: i.version,
    state: i.state,
    startedAt: ms(i.ringingAt ?? i.createdAt),
    agentId: i.agentId ? String(i.agentId) : undefined,
    // Answered for the floor means connected to an agent, not a platform's own answer.
    answeredAt: ms(connectedAt(i)),
    endedAt: ms(i.endedAt),
    wrappedUpAt: ms(i.wrappedUpAt),
    offers: i.offers?.length ?? 0,
    complaints: i.complaintIds?.length ?? 0,
    transfers: i.transferCount ?? 0,
    held: !!i.heldAt,
  };
}

/** The steps between what the feed last saw of an interaction and this write of it. */
export function stepsOf(prev: Seen | undefined, now: Seen, at = Date.now()): Kind[] {
  const kinds: Kind[] = [];
  // Unseen and already changed since it was created: a call forgotten long ago has no baseline to
  // compare with, but a call started moments ago is new here (another process created it and
  // routing claimed it before this process read it): all its steps so far go in the feed.
  if (!prev && now.version > 0 && !(now.startedAt && at - now.startedAt < JUST_STARTED_MS)) return kinds;
  if (!prev) kinds.push('started');
  // A transfer comes before the queueing and offering it leads to.
  if ((now.transfers ?? 0) > (prev?.transfers ?? 0)) kinds.push('transferred');
  if (now.state === 'queued' && prev?.state !== 'queued') kinds.push('queued');
  if (now.state === 'offered' && prev?.state !== 'offered') kinds.push('offered');
  if (now.answeredAt && !prev?.answeredAt) kinds.push('answered');
  if (now.held && !prev?.held) kinds.push('held');
  if (!now.held && prev?.held && !now.endedAt) kinds.push('resumed');
  if (now.endedAt && !prev?.endedAt) kinds.push('ended');
  if (now.wrappedUpAt && now.wrappedUpAt !== prev?.wrappedUpAt) kinds.push('wrapped-up');
  for (let k = prev?.offers ?? 0; k < now.offers; k++) kinds.push('offer');
  if (now.complaints > (prev?.complaints ?? 0)) kinds.push('complaint');
  return kinds;
}
