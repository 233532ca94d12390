import type { CustomerDoc } from '../customers/customer.model.js';
import { Types } from 'mongoose';
import type { Logger } from 'pino';
import type {
  Campaign,
  CampaignCreate,
  CampaignProgress,
  DispositionRequest,
  DispositionResult,
  NextContact,
  SegmentFilter,
  SegmentPreview,
} from '../../shared/schemas/campaign.js';
import type { NextBestOffer } from '../../shared/schemas/customer.js';
import { pictureFor } from '../access/picture-filter.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Models } from '../db/models.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import type { CatalogueCache } from '../offers/catalogue-cache.js';
import { createQuoteService } from '../offers/quotes.js';
import type { PictureService } from '../customers/picture.service.js';
import { type IO, TELEMARKETERS_ROOM } from '../realtime/io.js';
import { maskCardNumbers } from '../security/card-mask.js';
import { SUPERVISORS_ROOM } from '../supervision/supervision.service.js';
import type { InteractionRepository } from '../interactions/interaction.repository.js';
import type { Background } from '../ops/background.js';
import { isCallable, nextOpening, openZones } from './calling-hours.js';
import { type EntryTally, PRIORITY, REACHED, exclusionOf, nextStep, responseOf, tally } from './call-list-rules.js';
import type { CallListEntryDoc, CampaignDoc } from './campaign.model.js';
import { callListCsv } from './call-list-csv.js';
import { storeAnswers } from './script-answers.js';
import { contactWindowOf, segmentToFilter } from './segment-filter.js';

/** How long a served contact stays locked to its telemarketer without a disposition. */
const LOCK_MS = 30 * 60_000;
/** A callback is the booking telemarketer's alone for this long after its time, then anyone's. */
export const CALLBACK_GRACE_MS = 15 * 60_000;
const BATCH = 500;

const CUSTOMER_FIELDS = { displayName: 1, phones: 1, consents: 1, doNotCall: 1, householdId: 1, purpose: 1, timezone: 1 } as const;
/** Customers per round trip when reading a segment: a few milliseconds of parsing at a time. */
const CURSOR_BATCH = 500;
type ListCandidateDoc = Pick<CustomerDoc, '_id' | 'displayName' | 'phones' | 'consents' | 'doNotCall' | 'householdId' | 'purpose' | 'timezone'>;
const TALLY_FIELDS = { status: 1, reason: 1, attempts: 1, reached: 1, converted: 1, priority: 1, 'history.disposition': 1 } as const;

type Outbound = CampaignDoc & {
  status: Campaign['status'];
  script: Campaign['script'];
  segment: SegmentFilter;
  callingHours: Campaign['callingHours'];
  offerCodes: string[];
  maxAttempts: number;
  retryMinutes: number;
  onePerHousehold: boolean;
  zones?: string[];
  build?: { processed: number; total: number } | null;
  createdBy?: string | null;
};

export interface CampaignDeps {
  models: Models;
  pictures: PictureService;
  catalogue: CatalogueCache;
  io: IO;
  logger: Logger;
  audit: AuditService;
  /** Calls placed from call lists are interactions: written through their repository. */
  interactions: InteractionRepository;
  background: Background;
  /** The clock (tests move it to reach callbacks and retries). */
  now?: () => Date;
}

/**
 * Outbound campaigns: call lists built from a segment with every exclusion and its reason, served one
 * contact at a time (callbacks, then retries, then fresh contacts; only inside the customer's calling
 * hours), locked atomically to one telemarketer, and closed by a disposition that schedules what is next.
 */
export function createCampaignService(deps: CampaignDeps) {
  const { models, interactions, background, pictures, catalogue, io, logger, audit } = deps;
  const { Campaign: Campaigns, CallListEntry: Entries, Customer } = models;
  const now = deps.now ?? (() => new Date());
  const quotes = createQuoteService(models);

  const outbound = (id: string) => Campaigns.findOne({ _id: new Types.ObjectId(id), status: { $exists: true } }).lean<Outbound>();
  async function load(id: string) {
    if (!Types.ObjectId.isValid(id)) throw notFound('campaign');
    const c = await outbound(id);
    if (!c) throw notFound('campaign');
    return c;
  }

  async function progressOf(campaignId: Types.ObjectId): Promise<CampaignProgress> {
    return tally(await Entries.find({ campaignId }, TALLY_FIELDS).lean<EntryTally[]>());
  }

  function toCampaign(c: Outbound, progress: CampaignProgress): Campaign {
    return {
      id: String(c._id),
      name: c.name,
      status: c.status,
      offerCodes: c.offerCodes ?? [],
      script: c.script,
      segment: c.segment ?? {},
      startsAt: c.startsAt ?? new Date(0),
      endsAt: c.endsAt ?? new Date(0),
      callingHours: c.callingHours,
      maxAttempts: c.maxAttempts,
      retryMinutes: c.retryMinutes,
      onePerHousehold: c.onePerHousehold,
      build: c.build ? { processed: c.build.processed, total: c.build.total } : undefined,
      progress,
      createdBy: c.createdBy ?? undefined,
    };
  }

  /** Tells supervisors and telemarketers where a campaign stands (after every disposition and build step). */
  function announce(campaign: Campaign) {
    io.to([SUPERVISORS_ROOM, TELEMARKETERS_ROOM]).emit('campaign:changed', campaign);
  }
  async function announceById(id: Types.ObjectId) {
    const c = await Campaigns.findById(id).lean<Outbound>();
    if (c?.status) announce(toCampaign(c, await progressOf(c._id)));
  }

  /**
   * The customers a segment matches (with what the exclusions need), most valuable first, and how
   * many. Read through a cursor in batches: parsing 100k customers at once held the console's event
   * loop (and every pop behind it) for seconds.
   */
  async function matching(segment: SegmentFilter) {
    const window = contactWindowOf(segment, now());
    const contacted = async (since: Date) => models.Interaction.distinct('customerId', { customerId: { $ne: null }, createdAt: { $gte: since } });
    const filter = segmentToFilter(segment, {
      contactedSince: window.notSince ? await contacted(window.notSince) : undefined,
      contactedRecently: window.since ? await contacted(window.since) : undefined,
    });
    return {
      count: () => Customer.countDocuments(filter),
      each: () => Customer.find(filter, CUSTOMER_FIELDS).sort({ 'value.lifetimeValue': -1, _id: 1 }).lean<ListCandidateDoc[]>().cursor({ batchSize: CURSOR_BATCH }),
    };
  }

  async function respondedTo(campaignId?: Types.ObjectId) {
    if (!campaignId) return new Set<string>();
    const ids = await models.CampaignContact.distinct('customerId', { campaignId, response: { $in: ['purchased', 'declined', 'unsubscribed'] } });
    return new Set(ids.map(String));
  }

  /** Builds (or rebuilds) a campaign's call list in batches, reporting progress as it goes. */
  async function buildList(c: Outbound, onProgress?: (processed: number, total: number) => void) {
    const matched = await matching(c.segment ?? {});
    const total = await matched.count();
    const households = c.onePerHousehold ? new Set<string>() : undefined;
    const responded = await respondedTo(c._id);
    const startedAt = c.startsAt && c.startsAt > now() ? c.startsAt : now();
    const zones = new Set<string>();
    await Entries.deleteMany({ campaignId: c._id });
    await Campaigns.updateOne({ _id: c._id }, { $set: { status: 'building', build: { processed: 0, total } } });
    let batch: ListCandidateDoc[] = [];
    let i = 0;
    const flush = async () => {
      const docs = batch.map((cu, k) => {
        const reason = exclusionOf({ ...cu, id: String(cu._id) }, households, responded);
        const timezone = cu.timezone ?? 'Europe/London';
        if (!reason) zones.add(timezone);
        return {
          campaignId: c._id,
          customerId: cu._id,
          phone: cu.phones.find((p) => p.number)?.number,
          timezone,
          status: reason ? 'excluded' : 'pending',
          reason,
          priority: PRIORITY.fresh,
          dueAt: startedAt,
          order: i + k,
        };
      });
      batch = [];
      await Entries.insertMany(docs, { ordered: false });
      i += docs.length;
      // Customers added meanwhile can make the list longer than first counted.
      const processed = i;
      await Campaigns.updateOne({ _id: c._id }, { $set: { build: { processed, total: Math.max(total, processed) } } });
      onProgress?.(processed, Math.max(total, processed));
      if (processed < total) await announceById(c._id);
    };
    for await (const cu of matched.each()) {
      batch.push(cu);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length) await flush();
    await Campaigns.updateOne({ _id: c._id }, { $set: { status: 'active', zones: [...zones] }, $unset: { build: 1 } });
    await announceById(c._id);
  }

  /** The campaign's offers for one customer, each at the price quoted to that customer. */
  async function offersFor(c: Outbound, customerId: Types.ObjectId): Promise<NextBestOffer[]> {
    const { offers } = await catalogue.get();
    const defs = c.offerCodes.map((code) => offers.find((o) => o.code === code)).filter((o) => o !== undefined);
    const listed = defs.map((o) => ({ offerId: o.code, title: o.title, kind: o.kind, price: o.price, score: 1, reasons: [`Offer of the campaign “${c.name}”`] }));
    return quotes.apply(customerId, listed, defs, now());
  }

  /** Do-not-call from the dialer: the flag, the withdrawn phone consent, and off every list. */
  async function doNotCall(customerId: Types.ObjectId, user: TokenClaims, interactionId: Types.ObjectId) {
    const at = now();
    const before = await Customer.findById(customerId, { doNotCall: 1, consents: 1 }).lean();
    const consents: Array<Record<string, unknown>> = (before?.consents ?? []).filter((x) => !(x.purpose === 'marketing' && x.channel === 'phone')).map((x) => ({ ...x }));
    consents.push({ purpose: 'marketing', channel: 'phone', granted: false, source: `telemarketing:${user.username}`, at });
    await Customer.updateOne({ _id: customerId }, { $set: { doNotCall: true, consents }, $inc: { version: 1 } });
    await audit.record({
      actor: user,
      action: 'consent.changed',
      entity: { type: 'customer', id: String(customerId) },
      customerId: String(customerId),
      before: { doNotCall: before?.doNotCall ?? false, consents: before?.consents },
      after: { doNotCall: true, consents },
      detail: { interactionId: String(interactionId), via: 'campaign disposition' },
    });
    await withdraw(String(customerId), 'do-not-call');
  }

  /** Takes a customer off every call list at once (do-not-call, phone opt-out, erasure). */
  async function withdraw(customerId: string, reason: 'do-not-call' | 'opted-out' | 'erased') {
    const _id = new Types.ObjectId(customerId);
    const affected = await Entries.distinct('campaignId', { customerId: _id, status: { $in: ['pending', 'locked'] } });
    if (!affected.length) return 0;
    // A contact in a telemarketer's hand stays `lockedBy` them, so their disposition is still logged.
    const res = await Entries.updateMany({ customerId: _id, status: { $in: ['pending', 'locked'] } }, { $set: { status: 'excluded', reason } });
    logger.info({ customerId, reason, lists: affected.length }, 'campaigns: customer withdrawn from call lists');
    await Promise.all(affected.map((id) => announceById(id as Types.ObjectId)));
    return res.modifiedCount;
  }

  async function serve(c: Outbound, entry: CallListEntryDoc, user: TokenClaims): Promise<NextContact> {
    let interactionId = entry.interactionId;
    if (!interactionId) {
      const at = now();
      const created = await interactions.openOutbound({
        // Unique per call placed: a lapsed lock served again is a new call on the same attempt.
        callId: `outbound:${String(entry._id)}:${entry.attempts + 1}:${new Types.ObjectId().toHexString()}`,
        from: 'outbound',
        to: entry.phone ?? '',
        customerId: entry.customerId,
        agentId: new Types.ObjectId(user.userId),
        agentName: user.username,
        campaignId: c._id,
        campaignName: c.name,
        ringingAt: at,
      });
      interactionId = created._id;
      await Entries.updateOne({ _id: entry._id }, { $set: { interactionId } });
    }
    const customerId = String(entry.customerId);
    const [picture, offers] = await Promise.all([pictures.build(customerId, now()), offersFor(c, entry.customerId)]);
    audit.note({ actor: user, action: 'picture.opened', entity: { type: 'customer', id: customerId }, customerId, detail: { campaignId: String(c._id) } });
    return {
      contact: {
        entryId: String(entry._id),
        campaignId: String(c._id),
        interactionId: String(interactionId),
        customerId,
        phone: entry.phone ?? '',
        reason: entry.priority === PRIORITY.callback ? 'callback' : entry.priority === PRIORITY.retry ? 'retry' : 'fresh',
        attempts: entry.attempts,
        callbackAt: entry.callbackAt ?? undefined,
        lockedUntil: entry.lockedUntil ?? new Date(now().getTime() + LOCK_MS),
        picture: pictureFor(user.role, picture),
        offers,
      },
    };
  }

  /**
   * "Next contact": the telemarketer's contact in hand if any, else the first due one in serving
   * order whose customer is inside calling hours now, locked to them in one atomic write.
   */
  async function nextFor(id: string, user: TokenClaims): Promise<NextContact> {
    const c = await load(id);
    const at = now();
    if (c.status !== 'active') return { contact: null, message: c.status === 'paused' ? 'This campaign is paused.' : 'The call list is still being built.' };
    if (c.startsAt && at < c.startsAt) return { contact: null, message: 'This campaign has not started yet.', nextAt: c.startsAt };
    if (c.endsAt && at >= c.endsAt) return { contact: null, message: 'This campaign has ended.' };
    const me = new Types.ObjectId(user.userId);
    const inHand = await Entries.findOne({ campaignId: c._id, lockedBy: me, status: 'locked', lockedUntil: { $gt: at } }).lean<CallListEntryDoc>();
    if (inHand) return serve(c, inHand, user);

    const zones = openZones(at, c.zones ?? [], c.callingHours);
    if (!zones.length) {
      const opens = nextOpening(at, c.zones ?? [], c.callingHours);
      return { contact: null, message: 'Outside calling hours for every contact on this list.', nextAt: opens };
    }
    const lockedUntil = new Date(at.getTime() + LOCK_MS);
    const claimed = await Entries.findOneAndUpdate(
      {
        campaignId: c._id,
        timezone: { $in: zones },
        $or: [
          // Due, and nobody's callback, mine, or a callback its owner has not taken in time.
          { status: 'pending', dueAt: { $lte: at }, callbackOwner: { $in: [null, me] } },
          { status: 'pending', dueAt: { $lte: new Date(at.getTime() - CALLBACK_GRACE_MS) } },
          // Abandoned locks (a closed browser) come back once they lapse.
          { status: 'locked', lockedUntil: { $lte: at } },
        ],
      },
      { $set: { status: 'locked', lockedBy: me, lockedUntil } },
      { sort: { priority: 1, dueAt: 1, order: 1 }, returnDocument: 'after' },
    ).lean<CallListEntryDoc>();
    if (claimed) {
      // A lapsed lock's call was abandoned by whoever held it: it ends undisposed, and this is a new call.
      if (claimed.interactionId) {
        await Entries.updateOne({ _id: claimed._id }, { $unset: { interactionId: 1 } });
        await interactions.dropOutbound(claimed.interactionId, at);
      }
      return serve(c, { ...claimed, interactionId: undefined }, user);
    }
    const waiting = await Entries.find({ campaignId: c._id, status: { $in: ['pending', 'locked'] } }, { dueAt: 1, timezone: 1, status: 1, lockedUntil: 1, callbackOwner: 1 }).lean();
    if (!waiting.length) return { contact: null, message: 'Every contact on this list has been worked.' };
    const open = new Set(zones);
    const closed = waiting.filter((e) => e.status === 'pending' && e.dueAt && e.dueAt <= at && !open.has(e.timezone ?? 'Europe/London')).map((e) => e.timezone ?? 'Europe/London');
    if (closed.length) return { contact: null, message: 'The contacts due now are outside their calling hours.', nextAt: nextOpening(at, closed, c.callingHours) };
    // Everything else is in someone's hands, or a colleague's callback not yet past its grace, or later.
    const freeAt = (e: (typeof waiting)[number]) =>
      e.status === 'locked' ? e.lockedUntil
      : e.callbackOwner && String(e.callbackOwner) !== user.userId && e.dueAt ? new Date(Math.max(e.dueAt.getTime() + CALLBACK_GRACE_MS, at.getTime()))
      : e.dueAt;
    const due = waiting.map(freeAt).filter((d): d is Date => !!d).sort((a, b) => a.getTime() - b.getTime())[0];
    return { contact: null, message: 'No contact is due right now.', nextAt: due };
  }

  const serving = new Map<string, Promise<unknown>>();

  return {
    withdraw,

    async list(): Promise<Campaign[]> {
      const docs = await Campaigns.find({ status: { $exists: true } }).sort({ startsAt: -1 }).lean<Outbound[]>();
      return Promise.all(docs.map(async (c) => toCampaign(c, await progressOf(c._id))));
    },

    async get(id: string): Promise<Campaign> {
      const c = await load(id);
      return toCampaign(c, await progressOf(c._id));
    },

    async preview(segment: SegmentFilter, onePerHousehold: boolean): Promise<SegmentPreview> {
      const households = onePerHousehold ? new Set<string>() : undefined;
      const excluded: Record<string, number> = {};
      const sample: SegmentPreview['sample'] = [];
      let eligible = 0;
      let matched = 0;
      for await (const cu of (await matching(segment)).each()) {
        matched++;
        const reason = exclusionOf({ ...cu, id: String(cu._id) }, households, new Set());
        if (reason) excluded[reason] = (excluded[reason] ?? 0) + 1;
        else {
          eligible++;
          if (sample.length < 5) sample.push({ id: String(cu._id), displayName: cu.displayName });
        }
      }
      return { matched, eligible, excluded, sample };
    },

    /** Creates the campaign at once (status `building`) and builds its list in the background. */
    async create(input: CampaignCreate, user: TokenClaims): Promise<Campaign> {
      const { offers } = await catalogue.get();
      const unknown = input.offerCodes.filter((code) => !offers.some((o) => o.code === code));
      if (unknown.length) throw badRequest(`unknown offer code(s): ${unknown.join(', ')}`);
      const ids = input.script.questions.map((q) => q.id);
      if (new Set(ids).size !== ids.length) throw badRequest('script question ids must be unique');
      const created = await Campaigns.create({ ...input, channel: 'phone', offerCode: input.offerCodes[0], status: 'building', build: { processed: 0, total: 0 }, createdBy: user.username });
      const doc = created.toObject() as unknown as Outbound;
      // Pictures name campaigns from the cached catalogue: the new one must show at once.
      catalogue.invalidate();
      background.run('campaigns: list build', () => buildList(doc), 'error', { campaignId: String(doc._id) });
      return toCampaign(doc, tally([]));
    },

    /** Lists left `building` (seeded, or a restart mid-build) are built again from their segment. */
    async buildPending(onProgress?: (name: string, processed: number, total: number) => void) {
      const docs = await Campaigns.find({ status: 'building' }).lean<Outbound[]>();
      for (const c of docs) await buildList(c, (p, t) => onProgress?.(c.name, p, t));
      return docs.length;
    },

    async setStatus(id: string, status: 'active' | 'paused'): Promise<Campaign> {
      const c = await load(id);
      if (c.status === 'building') throw conflict('the call list is still being built');
      await Campaigns.updateOne({ _id: c._id }, { $set: { status } });
      const updated = toCampaign({ ...c, status }, await progressOf(c._id));
      announce(updated);
      return updated;
    },

    /** "Next contact" (see `nextFor`). */
    next(id: string, user: TokenClaims): Promise<NextContact> {
      // One request at a time per telemarketer (a double click must not lock two contacts to them).
      const previous = serving.get(user.userId) ?? Promise.resolve();
      const run = previous.then(() => nextFor(id, user));
      // The chain only orders requests; the caller gets (and handles) `run`'s failure.
      const settled = run.catch(() => undefined).finally(() => {
        if (serving.get(user.userId) === settled) serving.delete(user.userId);
      });
      serving.set(user.userId, settled);
      return run;
    },

    /** Records a disposition: logs the call, stores answers and consent, schedules what comes next. */
    async dispose(campaignId: string, entryId: string, input: DispositionRequest, user: TokenClaims): Promise<DispositionResult> {
      const c = await load(campaignId);
      if (!Types.ObjectId.isValid(entryId)) throw notFound('contact');
      const entry = await Entries.findOne({ _id: new Types.ObjectId(entryId), campaignId: c._id }).lean<CallListEntryDoc>();
      if (!entry) throw notFound('contact');
      const mine = entry.lockedBy && String(entry.lockedBy) === user.userId;
      // `excluded` while locked to me: withdrawn during the call (do-not-call elsewhere); still logged.
      if (!mine || (entry.status !== 'locked' && entry.status !== 'excluded') || !entry.interactionId) {
        throw conflict('this contact is not in your hands (it was served to someone else or already recorded)');
      }
      const at = now();
      if (input.disposition === 'callback') {
        const when = input.callbackAt!;
        if (when <= at) throw badRequest('a callback must be in the future');
        if (c.endsAt && when >= c.endsAt) throw badRequest('the callback falls after the campaign ends');
        if (!isCallable(when, entry.timezone ?? 'Europe/London', c.callingHours)) throw badRequest(`the callback is outside calling hours in the customer's time zone (${entry.timezone})`);
      }
      const answers = input.answers ? await storeAnswers(models, c, entry.customerId, input.answers, user.username, at) : [];
      const attempts = entry.attempts + 1;
      const step = nextStep(input.disposition, attempts, c, at, input.callbackAt);
      const withdrawn = entry.status === 'excluded';
      const reached = REACHED.has(input.disposition);
      const offerCode = input.offerCode ?? c.offerCodes[0];
      if (input.offerCode && !c.offerCodes.includes(input.offerCode)) throw badRequest('that offer is not part of this campaign');

      const scheduled =
        withdrawn ? { status: 'excluded' }
        : step.next === 'done' ? { status: 'done', reason: step.reason }
        : { status: 'pending', priority: step.next === 'callback' ? PRIORITY.callback : PRIORITY.retry, dueAt: step.dueAt, ...(step.next === 'callback' ? { callbackAt: step.dueAt, callbackOwner: entry.lockedBy } : {}) };
      const res = await Entries.updateOne(
        { _id: entry._id, lockedBy: entry.lockedBy, status: entry.status, interactionId: entry.interactionId },
        {
          $set: { ...scheduled, attempts, lastDisposition: input.disposition, lastAt: at, ...(reached ? { reached: true } : {}), ...(input.disposition === 'sale' ? { converted: true } : {}) },
          $unset: { lockedBy: 1, lockedUntil: 1, interactionId: 1, ...(step.next !== 'callback' ? { callbackAt: 1, callbackOwner: 1 } : {}) },
          $push: { history: { at, disposition: input.disposition, agent: user.username, interactionId: entry.interactionId, notes: input.notes ? maskCardNumbers(input.notes).slice(0, 500) : undefined } },
        },
      );
      if (res.matchedCount === 0) throw conflict('this contact was recorded meanwhile');

      // The call itself, as every interaction is logged; the offer outcome feeds the offer figures.
      const offerTitle = offerCode ? (await catalogue.get()).offers.find((o) => o.code === offerCode)?.title : undefined;
      const price = offerCode && input.disposition === 'sale' ? await quotes.current(entry.customerId, offerCode, at) : undefined;
      const outcome = input.disposition === 'sale' ? 'accepted' : input.disposition === 'not-interested' ? 'declined' : undefined;
      if (entry.interactionId)
        await interactions.recordOutbound(
          entry.interactionId,
          {
            state: 'ended',
            endedAt: at,
            wrappedUpAt: at,
            disposition: input.disposition,
            ...(reached ? { answeredAt: at } : {}),
            ...(input.notes ? { notes: maskCardNumbers(input.notes) } : {}),
          },
          {
            ...(outcome && offerCode ? { offers: { offerId: offerCode, title: offerTitle, price, outcome, at } } : {}),
            changes: { $each: answers.length ? [{ at, what: 'script answers', detail: { answers } }] : [] },
          },
        );

      // The customer's campaign history: one line per campaign, its latest response.
      const response = responseOf(input.disposition);
      await models.CampaignContact.updateOne(
        { campaignId: c._id, customerId: entry.customerId },
        { $set: { at, channel: 'phone', ...(response !== 'none' ? { response } : {}) }, $setOnInsert: { ...(response === 'none' ? { response } : {}) } },
        { upsert: true },
      );
      if (input.disposition === 'do-not-call') await doNotCall(entry.customerId, user, entry.interactionId);

      const progress = await progressOf(c._id);
      announce(toCampaign(c, progress));
      return {
        entryId: String(entry._id),
        next: withdrawn ? 'done' : step.next,
        dueAt: !withdrawn && step.next !== 'done' ? step.dueAt : undefined,
        progress,
      };
    },

    /** Every contact on the list with where it stands, as CSV lines (header first). */
    async *exportCsv(id: string): AsyncGenerator<string> {
      const c = await load(id);
      yield* callListCsv(models, c._id);
    },
  };
}
export type CampaignService = ReturnType<typeof createCampaignService>;
