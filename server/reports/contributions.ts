import { REACHED } from '../campaigns/call-list-rules.js';
import type { OutboundDisposition } from '../../shared/schemas/campaign.js';
import type { AgentLiveState } from '../../shared/realtime/agent-state.js';
import { bucketOf, splitIntoBuckets } from './periods.js';
import { DEFAULT_CURRENCY } from '../../shared/i18n/currency.js';

/**
 * What one interaction (or one stretch of an agent's state) adds to the rollups, as plain data (no I/O).
 *
 * Each interaction's contribution is kept with it (`reportfacts`): when it is written again (answered,
 * ended, wrapped up, transferred, an offer's outcome recorded) the new contribution replaces the old one
 * by their difference (`difference`), so nothing is ever counted twice however often it is seen.
 *
 * Definitions are the floor's (server/supervision/queue-metrics.ts): offered at ringing; answered =
 * connected to an agent (`connectedAt`); abandoned = ended without being connected; within threshold =
 * connected − ringing ≤ the floor's threshold (a call with no ringing time counts as within); service
 * level = within / (answered + abandoned). Unlike the floor's minute series, every figure of an
 * interaction goes to the half-hour it rang in (the contact centre's "interval of arrival"), so a
 * period's service level is about the calls that arrived in it.
 */
export type RollupKind = 'queue' | 'agent' | 'state' | 'offer' | 'campaign';
export type Sums = Record<string, number>;

export interface Contribution {
  kind: RollupKind;
  /** Start of the UTC half-hour, ms. */
  bucket: number;
  /** What the rollup is kept per (queue, channel, agent...): part of its identity. */
  dims: Record<string, string>;
  sums: Sums;
  /** Names shown with it (an offer's title): the latest write wins, never part of its identity. */
  labels?: Record<string, string>;
}

/** An abandon this soon after ringing is a caller who hung up at once (shown apart, still counted). */
export const SHORT_ABANDON_SEC = 5;
/** Where an interaction with no queue is counted (the floor's name for it). */
export const NO_QUEUE = 'default';

type When = Date | string | null | undefined;

/** What the rollups read of an interaction (the stored document has these fields). */
export interface InteractionInput {
  _id: unknown;
  channel: string;
  direction?: string | null;
  queue?: string | null;
  agentId?: unknown;
  agentName?: string | null;
  campaignId?: unknown;
  disposition?: string | null;
  createdAt?: When;
  ringingAt?: When;
  connectedAt?: When;
  endedAt?: When;
  wrappedUpAt?: When;
  transferCount?: number | null;
  lastTransfer?: { at?: When; fromAgentId?: unknown; fromAgentName?: string | null } | null;
  changes?: Array<{ at?: When; what?: string | null; detail?: unknown }> | null;
  presentedOffers?: Array<{ offerId?: string | null; title?: string | null; price?: number | null; currency?: string | null; at?: When }> | null;
  offers?: Array<{ offerId?: string | null; title?: string | null; price?: number | null; currency?: string | null; outcome?: string | null; at?: When }> | null;
}

export interface ContributionContext {
  thresholdSec: number;
  /** The customer's value segment (RFM) when known, else `unknown`. */
  segment?: string;
  /** The customer's currency (their own, else their country's): an offer's price without its own is in it. */
  currency?: string;
  /** This outbound attempt called back a contact whose previous attempt set a callback. */
  keptCallback?: boolean;
}

const ms = (d: When) => (d ? new Date(d).getTime() : undefined);
const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const secs = (from: number, to: number) => Math.max(0, (to - from) / 1000);

/** Drops zero figures: a contribution carries only what it adds. */
function compact(sums: Sums): Sums {
  const out: Sums = {};
  for (const [k, v] of Object.entries(sums)) if (v) out[k] = v;
  return out;
}

/** Every rollup figure an interaction contributes, as it stands now. */
export function interactionContributions(i: InteractionInput, ctx: ContributionContext): Contribution[] {
  const out: Contribution[] = [];
  const ringing = ms(i.ringingAt);
  const connected = ms(i.connectedAt);
  const ended = ms(i.endedAt);
  const wrapped = ms(i.wrappedUpAt);
  const arrived = ringing ?? ms(i.createdAt);
  if (arrived === undefined) return out;
  const outbound = i.direction === 'outbound';
  const queue = i.queue || NO_QUEUE;
  const agentId = str(i.agentId);
  const talk = connected !== undefined && ended !== undefined ? secs(connected, ended) : undefined;
  // A wrap-up recorded during the call leaves no after-call work.
  const acw = talk !== undefined && wrapped !== undefined ? secs(ended!, Math.max(ended!, wrapped)) : undefined;

  if (!outbound) {
    const wait = connected !== undefined && ringing !== undefined ? secs(ringing, connected) : undefined;
    const abandoned = connected === undefined && ended !== undefined;
    out.push({
      kind: 'queue',
      bucket: bucketOf(arrived),
      dims: { queue, channel: i.channel, agentId },
      sums: compact({
        offered: 1,
        answered: connected !== undefined ? 1 : 0,
        answeredWithinThreshold: connected !== undefined && (wait === undefined || wait <= ctx.thresholdSec) ? 1 : 0,
        asaSum: wait ?? 0,
        asaCount: wait !== undefined ? 1 : 0,
        abandoned: abandoned ? 1 : 0,
        abandonedShort: abandoned && ringing !== undefined && secs(ringing, ended!) <= SHORT_ABANDON_SEC ? 1 : 0,
        talkSum: talk ?? 0,
        talkCount: talk !== undefined ? 1 : 0,
        acwSum: acw ?? 0,
        acwCount: acw !== undefined ? 1 : 0,
        transfers: i.transferCount ?? 0,
      }),
    });
  }

  if (agentId && connected !== undefined) {
    const handled = outbound ? 'handledOutbound' : i.channel === 'voice' ? 'handledVoice' : 'handledChat';
    out.push({
      kind: 'agent',
      bucket: bucketOf(connected),
      dims: { agentId, channel: i.channel, queue: outbound ? '' : queue, campaignId: str(i.campaignId) },
      sums: compact({ [handled]: 1, talkSum: talk ?? 0, acwSum: acw ?? 0, handleCount: talk !== undefined ? 1 : 0 }),
    });
  }
  out.push(...transfersOut(i, outbound ? '' : queue));

  if (outbound && i.campaignId) {
    const d = i.disposition ?? undefined;
    out.push({
      kind: 'campaign',
      bucket: bucketOf(arrived),
      dims: { campaignId: str(i.campaignId), agentId },
      sums: compact({
        attempts: 1,
        reached: d && REACHED.has(d as OutboundDisposition) ? 1 : 0,
        conversions: d === 'sale' ? 1 : 0,
        callbacksScheduled: d === 'callback' ? 1 : 0,
        callbacksKept: ctx.keptCallback ? 1 : 0,
        ...(d ? { [`disp:${d}`]: 1 } : {}),
      }),
    });
  }

  out.push(...offerContributions(i, arrived, outbound ? '' : queue, ctx.segment ?? 'unknown', ctx.currency ?? DEFAULT_CURRENCY));
  return out.filter((c) => Object.keys(c.sums).length > 0);
}

/**
 * Each transfer counted for the agent it left. The interaction keeps who it left last (`lastTransfer`)
 * and names the agent of each earlier transfer in its changes; one whose agent is not known by id
 * (neither the last transfer's nor the current agent) is left out rather than credited to someone else.
 */
function transfersOut(i: InteractionInput, queue: string): Contribution[] {
  const known = new Map<string, string>();
  if (i.agentName && i.agentId) known.set(i.agentName, str(i.agentId));
  if (i.lastTransfer?.fromAgentId) {
    known.set(i.lastTransfer.fromAgentName ?? str(i.lastTransfer.fromAgentId), str(i.lastTransfer.fromAgentId));
    known.set(str(i.lastTransfer.fromAgentId), str(i.lastTransfer.fromAgentId));
  }
  const out: Contribution[] = [];
  for (const c of i.changes ?? []) {
    if (c.what !== 'transferred') continue;
    const from = known.get(str((c.detail as { fromAgent?: unknown } | null)?.fromAgent));
    const at = ms(c.at);
    if (!from || at === undefined) continue;
    out.push({ kind: 'agent', bucket: bucketOf(at), dims: { agentId: from, channel: i.channel, queue, campaignId: str(i.campaignId) }, sums: { transfersOut: 1 } });
  }
  return out;
}

/** Offers shown on the card or recorded by the agent, once each, with their outcome and quoted price. */
function offerContributions(i: InteractionInput, arrived: number, queue: string, segment: string, customerCurrency: string): Contribution[] {
  const byOffer = new Map<string, { title: string; price: number; currency?: string; at: number; outcome?: string }>();
  for (const p of i.presentedOffers ?? []) {
    if (!p.offerId || byOffer.has(p.offerId)) continue;
    byOffer.set(p.offerId, { title: p.title ?? p.offerId, price: p.price ?? 0, currency: p.currency ?? undefined, at: ms(p.at) ?? arrived });
  }
  for (const o of i.offers ?? []) {
    if (!o.offerId) continue;
    const seen = byOffer.get(o.offerId);
    // The latest outcome recorded wins (an agent who corrects it); the price quoted with it.
    byOffer.set(o.offerId, { title: o.title ?? seen?.title ?? o.offerId, price: o.price ?? seen?.price ?? 0, currency: o.currency ?? seen?.currency, at: seen?.at ?? ms(o.at) ?? arrived, outcome: o.outcome ?? undefined });
  }
  return [...byOffer].map(([offerId, o]) => ({
    kind: 'offer' as const,
    bucket: bucketOf(o.at),
    // Revenue is summed per currency: prices in different currencies never add up.
    dims: { offerId, segment, channel: i.channel, queue, agentId: str(i.agentId), currency: o.currency || customerCurrency },
    sums: compact({ presented: 1, accepted: o.outcome === 'accepted' ? 1 : 0, declined: o.outcome === 'declined' ? 1 : 0, revenue: o.outcome === 'accepted' ? o.price : 0 }),
    labels: { title: o.title },
  }));
}

/** The figure a state is summed under: `notReady` reasons as `nr:<code>`. */
export function stateField(state: AgentLiveState | string, reason?: string | null): string {
  switch (state) {
    case 'available':
      return 'available';
    case 'offered':
      return 'offered';
    case 'on-call':
      return 'onCall';
    case 'on-chat':
      return 'onChat';
    case 'after-call-work':
      return 'afterCallWork';
    case 'not-ready':
      return `nr:${reason || 'unknown'}`;
    default:
      return 'offline';
  }
}

/** An agent's stretch in one state, cut at half-hour edges. */
export function stateContributions(agentId: string, state: string, reason: string | null | undefined, fromMs: number, toMs: number): Contribution[] {
  const field = stateField(state, reason);
  return splitIntoBuckets(fromMs, toMs).map(({ bucket, sec }) => ({ kind: 'state' as const, bucket, dims: { agentId }, sums: { [field]: sec } }));
}

/** A rollup's identity: kind, bucket and dims (in key order). */
export function rollupKey(c: Pick<Contribution, 'kind' | 'dims'>): string {
  return `${c.kind}|${Object.keys(c.dims)
    .sort()
    .map((k) => `${k}=${c.dims[k]}`)
    .join('&')}`;
}

/** What turns `before` into `after` in the rollups: per rollup and bucket, the new figures minus the old. */
export function difference(before: Contribution[], after: Contribution[]): Contribution[] {
  const out = new Map<string, Contribution & { labelsBefore?: Record<string, string> }>();
  const add = (c: Contribution, sign: 1 | -1) => {
    const k = `${rollupKey(c)}|${c.bucket}`;
    let d = out.get(k);
    if (!d) out.set(k, (d = { kind: c.kind, bucket: c.bucket, dims: c.dims, sums: {} }));
    if (sign === 1 && c.labels) d.labels = c.labels;
    if (sign === -1 && c.labels) d.labelsBefore = c.labels;
    for (const [f, v] of Object.entries(c.sums)) d.sums[f] = (d.sums[f] ?? 0) + sign * v;
  };
  for (const c of before) add(c, -1);
  for (const c of after) add(c, 1);
  // Labels alone are a difference only when they changed (a renamed campaign): an interaction written
  // again with the same figures and names adds nothing to write.
  return [...out.values()]
    .map(({ labelsBefore, ...d }) => ({ ...d, sums: compact(d.sums), labelsChanged: !!d.labels && !sameLabels(d.labels, labelsBefore) }))
    .filter((d) => Object.keys(d.sums).length > 0 || d.labelsChanged)
    .map(({ labelsChanged: _, ...d }) => d);
}

const sameLabels = (a: Record<string, string>, b: Record<string, string> | undefined) =>
  !!b && Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);
