import type { Logger } from 'pino';
import type { Campaign, CampaignCreate, SegmentFilter } from '../../shared/schemas/campaign.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { PictureService } from '../customers/picture.service.js';
import type { Models } from '../db/models.js';
import { badRequest, conflict } from '../http/errors.js';
import type { InteractionRepository } from '../interactions/interaction.repository.js';
import type { CatalogueCache } from '../offers/catalogue-cache.js';
import type { BackOffice } from '../ops/back-office-thread.js';
import type { Background } from '../ops/background.js';
import type { IO } from '../realtime/io.js';
import { tally } from './call-list-rules.js';
import { callListCsv } from './call-list-csv.js';
import { createCallLists } from './call-lists.js';
import { createCampaignRecords, type Outbound } from './campaign-records.js';
import { createDialer } from './dialer.js';

import type { DispositionAction } from '../../shared/schemas/dispositions.js';
export { CALLBACK_GRACE_MS } from './dialer.js';

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
  /** Heavy back-office reads (segment previews) run there. */
  backOffice: BackOffice;
  /** Disposition codes (dispositions/): a call's outcome must be an active outbound code of its campaign. */
  checkDisposition?: (code: string, campaignId: string) => Promise<{ action: DispositionAction }>;
}

/**
 * Outbound campaigns: created and paused here; their call lists built from a segment with every
 * exclusion and its reason (call-lists.ts); worked one contact at a time by telemarketers (dialer.ts).
 */
export function createCampaignService(deps: CampaignDeps) {
  const { models, background, catalogue, io, logger } = deps;
  const { Campaign: Campaigns } = models;
  const now = deps.now ?? (() => new Date());
  const records = createCampaignRecords(models, io);
  const lists = createCallLists({ models, records, logger, now });
  const dialer = createDialer({ ...deps, records, lists, now });
  const { load, progressOf, toCampaign, announce } = records;

  return {
    withdraw: lists.withdraw,
    /** What a segment would give, counted on the back-office thread (never on the pop's path). */
    preview: (segment: SegmentFilter, onePerHousehold: boolean) => deps.backOffice.run('segmentPreview', segment, onePerHousehold, now().getTime(), Date.now()),
    next: dialer.next,
    dispose: dialer.dispose,

    async list(): Promise<Campaign[]> {
      const docs = await Campaigns.find({ status: { $exists: true } })
        .sort({ startsAt: -1 })
        .lean<Outbound[]>();
      return Promise.all(docs.map(async (c) => toCampaign(c, await progressOf(c._id))));
    },

    async get(id: string): Promise<Campaign> {
      const c = await load(id);
      return toCampaign(c, await progressOf(c._id));
    },

    /** Creates the campaign at once (status `building`) and builds its list in the background. */
    async create(input: CampaignCreate, user: TokenClaims): Promise<Campaign> {
      const { offers } = await catalogue.get();
      const unknown = input.offerCodes.filter((code) => !offers.some((o) => o.code === code));
      if (unknown.length) throw badRequest(`unknown offer code(s): ${unknown.join(', ')}`, undefined, 'UNKNOWN_OFFER_CODES', { codes: unknown.join(', ') });
      const ids = input.script.questions.map((q) => q.id);
      if (new Set(ids).size !== ids.length) throw badRequest('script question ids must be unique', undefined, 'SCRIPT_IDS_NOT_UNIQUE');
      const created = await Campaigns.create({
        ...input,
        channel: 'phone',
        offerCode: input.offerCodes[0],
        status: 'building',
        build: { processed: 0, total: 0 },
        createdBy: user.username,
      });
      const doc = created.toObject() as unknown as Outbound;
      // Pictures name campaigns from the cached catalogue: the new one must show at once.
      catalogue.invalidate();
      background.run('campaigns: list build', () => lists.buildList(doc), 'error', { campaignId: String(doc._id) });
      return toCampaign(doc, tally([]));
    },

    /** Lists left `building` (seeded, or a restart mid-build) are built again from their segment. */
    async buildPending(onProgress?: (name: string, processed: number, total: number) => void) {
      const docs = await Campaigns.find({ status: 'building' }).lean<Outbound[]>();
      for (const c of docs) await lists.buildList(c, (p, t) => onProgress?.(c.name, p, t));
      return docs.length;
    },

    async setStatus(id: string, status: 'active' | 'paused'): Promise<Campaign> {
      const c = await load(id);
      if (c.status === 'building') throw conflict('the call list is still being built', undefined, 'CALL_LIST_BUILDING');
      await Campaigns.updateOne({ _id: c._id }, { $set: { status } });
      const updated = toCampaign({ ...c, status }, await progressOf(c._id));
      announce(updated);
      return updated;
    },

    /** Every contact on the list with where it stands, as CSV lines (header first). */
    async *exportCsv(id: string): AsyncGenerator<string> {
      const c = await load(id);
      yield* callListCsv(models, c._id);
    },
  };
}
export type CampaignService = ReturnType<typeof createCampaignService>;
