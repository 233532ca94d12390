import type { z } from 'zod';
import type { SegmentFilter } from '@shared/schemas/campaign';
import type { CustomerKind, Segment } from '@shared/schemas/customer';

/**
 * The segment builder's inputs as the form holds them: comma lists as text and numbers that may be
 * blank. Kept apart from `SegmentFilter` so a half-typed field never reaches the server.
 */
export interface SegmentDraft {
  kind: '' | z.infer<typeof CustomerKind>;
  segments: Segment[];
  atRisk: '' | 'yes' | 'no';
  bought: string;
  notBought: string;
  regions: string;
  ageBands: string[];
  minSpend: number | '';
  notContactedForDays: number | '';
  contactedWithinDays: number | '';
  phoneConsent: 'any' | 'granted';
}

/**
 * "a, b,, c " → ["a", "b", "c"]: the comma lists supervisors type. Persian (،) and Chinese (，、) commas
 * count too, as a Persian or Chinese keyboard types them.
 */
export const splitList = (text: string) => [...new Set(text.split(/[,،，、]/).map((s) => s.trim()).filter(Boolean))];

const count = (n: number | '') => (n === '' || !Number.isFinite(n) ? undefined : n);

export function draftOf(s: SegmentFilter): SegmentDraft {
  return {
    kind: s.kind ?? '',
    segments: [...(s.segments ?? [])],
    atRisk: s.atRisk === undefined ? '' : s.atRisk ? 'yes' : 'no',
    bought: (s.boughtCategories ?? []).join(', '),
    notBought: (s.notBoughtCategories ?? []).join(', '),
    regions: (s.regions ?? []).join(', '),
    ageBands: [...(s.ageBands ?? [])],
    minSpend: s.minSpend ?? '',
    notContactedForDays: s.notContactedForDays ?? '',
    contactedWithinDays: s.contactedWithinDays ?? '',
    phoneConsent: s.phoneConsent ?? 'any',
  };
}

/** The filter a draft stands for: blank inputs leave their condition out rather than sending empties. */
export function segmentOf(d: SegmentDraft): SegmentFilter {
  const s: SegmentFilter = {};
  if (d.kind) s.kind = d.kind;
  if (d.segments.length) s.segments = [...d.segments];
  if (d.atRisk) s.atRisk = d.atRisk === 'yes';
  const bought = splitList(d.bought);
  if (bought.length) s.boughtCategories = bought;
  const notBought = splitList(d.notBought);
  if (notBought.length) s.notBoughtCategories = notBought;
  const regions = splitList(d.regions);
  if (regions.length) s.regions = regions;
  if (d.ageBands.length) s.ageBands = [...d.ageBands];
  const minSpend = count(d.minSpend);
  if (minSpend !== undefined) s.minSpend = Math.max(0, minSpend);
  // Day counts are whole days of at least one, as the schema wants; anything less means "no condition".
  const quiet = count(d.notContactedForDays);
  if (quiet !== undefined && quiet >= 1) s.notContactedForDays = Math.round(quiet);
  const recent = count(d.contactedWithinDays);
  if (recent !== undefined && recent >= 1) s.contactedWithinDays = Math.round(recent);
  if (d.phoneConsent === 'granted') s.phoneConsent = 'granted';
  return s;
}
