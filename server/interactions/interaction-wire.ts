import type { OfferDecision } from '../../shared/schemas/enums.js';
import type { ChatMessage, Interaction } from '../../shared/schemas/interaction.js';
import type { InteractionDoc } from './interaction.model.js';

/** The wire form of an interaction; `transcript` is its chat where the caller read it (GET only). */
export function toInteraction(i: InteractionDoc, transcript: ChatMessage[] = []): Interaction {
  const opt = <T>(v: T | null | undefined) => (v === null ? undefined : v);
  return {
    id: String(i._id),
    callId: i.callId,
    channel: i.channel,
    direction: i.direction,
    from: i.from,
    to: i.to,
    queue: opt(i.queue),
    customerId: i.customerId ? String(i.customerId) : null,
    agentId: i.agentId ? String(i.agentId) : null,
    state: i.state,
    ringingAt: opt(i.ringingAt),
    answeredAt: opt(i.answeredAt),
    endedAt: opt(i.endedAt),
    heldAt: opt(i.heldAt),
    holdMs: opt(i.holdMs),
    holdCount: opt(i.holdCount),
    wrappedUpAt: opt(i.wrappedUpAt),
    notes: opt(i.notes),
    disposition: opt(i.disposition) as Interaction['disposition'],
    offers: (i.offers ?? []).map((o) => ({ offerId: o.offerId ?? '', title: opt(o.title), price: opt(o.price), currency: opt(o.currency), outcome: o.outcome as OfferDecision, at: o.at ?? new Date() })),
    transcript,
    version: i.version,
  };
}
