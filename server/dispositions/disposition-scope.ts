import type { DispositionCode, DispositionDirection } from '../../shared/schemas/dispositions.js';

/** Where a disposition is recorded: an inbound interaction of a queue, or a campaign's call. */
export interface Where {
  direction: DispositionDirection;
  queue?: string | null;
  campaignId?: string | null;
}

/** The scopes that apply at a place, most specific first. */
export function scopesAt(where: Where): string[] {
  return [...(where.queue ? [`queue:${where.queue}`] : []), ...(where.campaignId ? [`campaign:${where.campaignId}`] : []), 'all'];
}

/**
 * The active codes one may pick at a place, in the list's order: the place's own codes and those for
 * everywhere; a code defined both ways counts once, as the place defines it.
 */
export function codesFor(codes: readonly DispositionCode[], where: Where): DispositionCode[] {
  const scopes = scopesAt(where);
  const rank = (c: DispositionCode) => scopes.indexOf(c.scope);
  const best = new Map<string, DispositionCode>();
  for (const c of codes) {
    if (!c.active || c.direction !== where.direction || rank(c) < 0) continue;
    const seen = best.get(c.code);
    if (!seen || rank(c) < rank(seen)) best.set(c.code, c);
  }
  return codes.filter((c) => best.get(c.code) === c);
}

/** The code as it applies at a place, or undefined when it may not be recorded there. */
export const codeAt = (codes: readonly DispositionCode[], code: string, where: Where) => codesFor(codes, where).find((c) => c.code === code);
