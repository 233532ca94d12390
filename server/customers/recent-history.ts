import type { Types } from 'mongoose';
import { batchedPerTurn, groupedBy } from '../db/batched-per-turn.js';
import type { Models } from '../db/models.js';
import type { InteractionDoc } from '../interactions/interaction.model.js';

/** How many of a customer's interactions the picture's timeline shows. */
export const RECENT_INTERACTIONS = 20;
/** The timeline needs none of the calls' transcripts, change logs or CTI events: not read. */
const HISTORY_OMITS = { transcript: 0, changes: 0, events: 0, candidateIds: 0, presentedOffers: 0 };

/**
 * Each customer's newest interactions, for every pop of one turn in one read: a busy floor pops ~70
 * customers a second, and each pop read its customer's history with a command of its own. The read
 * walks the index on (customer, newest first) for all of them, at most RECENT_INTERACTIONS a customer
 * plus one. A customer before the last one the read reached is whole; when the read filled that cap
 * (a customer with a long history among them), the customers from the last one on are read alone, as
 * a pop alone always is, so nobody's timeline is cut short by another's.
 */
export function createRecentHistory(Interaction: Models['Interaction']) {
  const read = (filter: object, sort: Record<string, 1 | -1>, limit: number) => Interaction.find(filter, HISTORY_OMITS).sort(sort).limit(limit).lean<InteractionDoc[]>();
  const alone = (customerId: Types.ObjectId) => read({ customerId }, { createdAt: -1 }, RECENT_INTERACTIONS);

  return batchedPerTurn(async (ids: readonly Types.ObjectId[]): Promise<InteractionDoc[][]> => {
    if (ids.length === 1) return [await alone(ids[0])];
    const distinct = [...new Map(ids.map((id) => [String(id), id])).values()];
    const cap = RECENT_INTERACTIONS * distinct.length + 1;
    const docs = await read({ customerId: { $in: distinct } }, { customerId: 1, createdAt: -1 }, cap);
    // Ids in the read's order: an ObjectId's bytes compare as its hex string does.
    const reached = docs.length >= cap ? String(docs[docs.length - 1].customerId) : null;
    const groups = groupedBy(distinct, docs, (d) => d.customerId);
    const answers = await Promise.all(distinct.map((id, i) => (reached !== null && String(id) >= reached ? alone(id) : groups[i].slice(0, RECENT_INTERACTIONS))));
    const byId = new Map(distinct.map((id, i) => [String(id), answers[i]]));
    return ids.map((id) => byId.get(String(id))!);
  });
}
