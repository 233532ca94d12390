import { Types } from 'mongoose';
import type { DispositionRequest, DispositionResult, NextContact } from '../../shared/schemas/campaign.js';
import type { DispositionAction } from '../../shared/schemas/dispositions.js';
import { priceKindOf } from '../../shared/schemas/offers.js';
import type { NextBestOffer } from '../../shared/schemas/customer.js';
import { pictureFor } from '../access/picture-filter.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { PictureService } from '../customers/picture.service.js';
import type { Models } from '../db/models.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import type { InteractionRepository } from '../interactions/interaction.repository.js';
import type { CatalogueCache } from '../offers/catalogue-cache.js';
import { applyConsent } from '../customers/consent.js';
import { createQuoteService } from '../offers/quotes.js';
import { maskCardNumbers } from '../security/card-mask.js';
import { isCallable, nextOpening, openZones } from './calling-hours.js';
import { PRIORITY, actionOf, isReached, nextStep, responseOf } from './call-list-rules.js';
import type { CallLists } from './call-lists.js';
import type { CampaignRecords, Outbound } from './campaign-records.js';
import type { CallListEntryDoc } from './campaign.model.js';
import { storeAnswers } from './script-answers.js';

/** How long a served contact stays locked to its telemarketer without a disposition. */
const LOCK_MS = 30 * 60_000;
/** A callback is the booking telemarketer's alone for this long after its time, then anyone's. */
export const CALLBACK_GRACE_MS = 15 * 60_000;

/**
 * The dialer: serves a telemarketer one contact at a time (callbacks, then retries, then fresh
 * contacts; only inside the customer's calling hours), locked atomically to them, places the call
 * as an interaction, and closes it with a disposition that schedules what is next.
 */
export function createDialer(deps: {
  models: Models;
  records: CampaignRecords;
  lists: CallLists;
  interactions: InteractionRepository;
  pictures: PictureService;
  catalogue: CatalogueCache;
  audit: AuditService;
  now: () => Date;
  /** The code as it applies to the campaign's calls; refuses (400) one that is not an active outbound code there. */
  checkDisposition?: (code: string, campaignId: string) => Promise<{ action: DispositionAction }>;
}) {
  const { models, records, lists, interactions, pictures, catalogue, audit, now } = deps;
  const { CallListEntry: Entries, Customer } = models;
  const { load, progressOf, toCampaign, announce } = records;
  const withdraw = lists.withdraw;
  const quotes = createQuoteService(models);

  /** The campaign's offers for one customer, each at the price quoted to that customer. */
  async function offersFor(c: Outbound, customerId: Types.ObjectId): Promise<NextBestOffer[]> {
    const { offers } = await catalogue.get();
    const defs = c.offerCodes.map((code) => offers.find((o) => o.code === code)).filter((o) => o !== undefined);
    const listed = defs.map((o): NextBestOffer => ({
      offerId: o.code,
      title: o.title,
      kind: o.kind,
      purpose: o.purpose,
      // A campaign calls the customer: the list already holds only those who opted in on its channel.
      consentRule: 'opt-in',
      price: o.price,
      priceKind: priceKindOf(o),
      ...(o.currency ? { currency: o.currency } : {}),
      score: 1,
      reasons: [{ code: 'campaign', campaign: c.name }],
    }));
    return quotes.apply(customerId, listed, defs, now());
  }

  /** Do-not-call from the dialer: the flag, the withdrawn phone consent, and off every list. */
  async function doNotCall(customerId: Types.ObjectId, user: TokenClaims, interactionId: Types.ObjectId) {
    const at = now();
    const before = await Customer.findById(customerId, { doNotCall: 1, consents: 1 }).lean();
    const consents = applyConsent(before?.consents ?? [], { purpose: 'marketing', channel: 'phone', granted: false }, at, `telemarketing:${user.username}`);
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
    if (c.status !== 'active')
      return {
        contact: null,
        ...(c.status === 'paused' ? { message: 'This campaign is paused.', reason: 'paused' } : { message: 'The call list is still being built.', reason: 'building' }),
      };
    if (c.startsAt && at < c.startsAt) return { contact: null, message: 'This campaign has not started yet.', reason: 'not-started', nextAt: c.startsAt };
    if (c.endsAt && at >= c.endsAt) return { contact: null, message: 'This campaign has ended.', reason: 'ended' };
    const me = new Types.ObjectId(user.userId);
    const inHand = await Entries.findOne({ campaignId: c._id, lockedBy: me, status: 'locked', lockedUntil: { $gt: at } }).lean<CallListEntryDoc>();
    if (inHand) return serve(c, inHand, user);

    const zones = openZones(at, c.zones ?? [], c.callingHours);
    if (!zones.length) {
      const opens = nextOpening(at, c.zones ?? [], c.callingHours);
      return { contact: null, message: 'Outside calling hours for every contact on this list.', reason: 'outside-hours', nextAt: opens };
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
    const waiting = await Entries.find(
      { campaignId: c._id, status: { $in: ['pending', 'locked'] } },
      { dueAt: 1, timezone: 1, status: 1, lockedUntil: 1, callbackOwner: 1 },
    ).lean();
    if (!waiting.length) return { contact: null, message: 'Every contact on this list has been worked.', reason: 'all-worked' };
    const open = new Set(zones);
    const closed = waiting.filter((e) => e.status === 'pending' && e.dueAt && e.dueAt <= at && !open.has(e.timezone ?? 'Europe/London')).map((e) => e.timezone ?? 'Europe/London');
    if (closed.length)
      return { contact: null, message: 'The contacts due now are outside their calling hours.', reason: 'due-closed', nextAt: nextOpening(at, closed, c.callingHours) };
    // Everything else is in someone's hands, or a colleague's callback not yet past its grace, or later.
    const freeAt = (e: (typeof waiting)[number]) =>
      e.status === 'locked'
        ? e.lockedUntil
        : e.callbackOwner && String(e.callbackOwner) !== user.userId && e.dueAt
          ? new Date(Math.max(e.dueAt.getTime() + CALLBACK_GRACE_MS, at.getTime()))
          : e.dueAt;
    const due = waiting
      .map(freeAt)
      .filter((d): d is Date => !!d)
      .sort((a, b) => a.getTime() - b.getTime())[0];
    return { contact: null, message: 'No contact is due right now.', reason: 'none-due', nextAt: due };
  }

  const serving = new Map<string, Promise<unknown>>();

  return {
    /** "Next contact" (see `nextFor`). */
    next(id: string, user: TokenClaims): Promise<NextContact> {
      // One request at a time per telemarketer (a double click must not lock two contacts to them).
      const previous = serving.get(user.userId) ?? Promise.resolve();
      const run = previous.then(() => nextFor(id, user));
      // The chain only orders requests; the caller gets (and handles) `run`'s failure.
      const settled = run
        .catch(() => undefined)
        .finally(() => {
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
        throw conflict('this contact is not in your hands (it was served to someone else or already recorded)', undefined, 'CONTACT_NOT_YOURS');
      }
      const at = now();
      // An admin's code behaves as configured; the console's own as they always did.
      const action = deps.checkDisposition ? (await deps.checkDisposition(input.disposition, String(c._id))).action : actionOf(input.disposition);
      if (action === 'callback') {
        if (!input.callbackAt) throw badRequest('a callback needs callbackAt', undefined, 'CALLBACK_NEEDS_TIME');
        const when = input.callbackAt;
        if (when <= at) throw badRequest('a callback must be in the future', undefined, 'CALLBACK_IN_PAST');
        if (c.endsAt && when >= c.endsAt) throw badRequest('the callback falls after the campaign ends', undefined, 'CALLBACK_AFTER_END');
        if (!isCallable(when, entry.timezone ?? 'Europe/London', c.callingHours))
          throw badRequest(`the callback is outside calling hours in the customer's time zone (${entry.timezone})`, undefined, 'CALLBACK_OUTSIDE_HOURS', {
            timezone: entry.timezone,
          });
      }
      const answers = input.answers ? await storeAnswers(models, c, entry.customerId, input.answers, user.username, at) : [];
      const attempts = entry.attempts + 1;
      const step = nextStep(input.disposition, attempts, c, at, input.callbackAt, action);
      const withdrawn = entry.status === 'excluded';
      const reached = isReached(input.disposition, action);
      const offerCode = input.offerCode ?? c.offerCodes[0];
      if (input.offerCode && !c.offerCodes.includes(input.offerCode)) throw badRequest('that offer is not part of this campaign', undefined, 'OFFER_NOT_IN_CAMPAIGN');

      const scheduled = withdrawn
        ? { status: 'excluded' }
        : step.next === 'done'
          ? { status: 'done', reason: step.reason }
          : {
              status: 'pending',
              priority: step.next === 'callback' ? PRIORITY.callback : PRIORITY.retry,
              dueAt: step.dueAt,
              ...(step.next === 'callback' ? { callbackAt: step.dueAt, callbackOwner: entry.lockedBy } : {}),
            };
      const res = await Entries.updateOne(
        { _id: entry._id, lockedBy: entry.lockedBy, status: entry.status, interactionId: entry.interactionId },
        {
          $set: {
            ...scheduled,
            attempts,
            lastDisposition: input.disposition,
            lastAt: at,
            ...(reached ? { reached: true } : {}),
            ...(input.disposition === 'sale' ? { converted: true } : {}),
          },
          $unset: { lockedBy: 1, lockedUntil: 1, interactionId: 1, ...(step.next !== 'callback' ? { callbackAt: 1, callbackOwner: 1 } : {}) },
          $push: {
            history: {
              at,
              disposition: input.disposition,
              agent: user.username,
              interactionId: entry.interactionId,
              notes: input.notes ? maskCardNumbers(input.notes).slice(0, 500) : undefined,
            },
          },
        },
      );
      if (res.matchedCount === 0) throw conflict('this contact was recorded meanwhile', undefined, 'CONTACT_RECORDED_MEANWHILE');

      // The call itself, as every interaction is logged; the offer outcome feeds the offer figures.
      const offerTitle = offerCode ? (await catalogue.get()).offers.find((o) => o.code === offerCode)?.title : undefined;
      const price = offerCode && input.disposition === 'sale' ? await quotes.current(entry.customerId, offerCode, at) : undefined;
      const outcome = input.disposition === 'sale' ? 'accepted' : input.disposition === 'not-interested' ? 'declined' : undefined;
      // A call placed through the switch (click-to-call) keeps the times its dialog gave; others take the disposition's.
      const call = entry.interactionId ? (await models.Interaction.findById(entry.interactionId, { sipCall: 1 }).lean())?.sipCall : undefined;
      const answeredAt = call ? call.answeredAt : reached ? at : undefined;
      if (entry.interactionId)
        await interactions.recordOutbound(
          entry.interactionId,
          {
            state: 'ended',
            endedAt: call?.endedAt ?? at,
            wrappedUpAt: at,
            disposition: input.disposition,
            ...(answeredAt ? { answeredAt } : {}),
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
  };
}
