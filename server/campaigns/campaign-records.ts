import { Types } from 'mongoose';
import type { Campaign, CampaignProgress, SegmentFilter } from '../../shared/schemas/campaign.js';
import type { Models } from '../db/models.js';
import { notFound } from '../http/errors.js';
import { type IO, TELEMARKETERS_ROOM } from '../realtime/io.js';
import { SUPERVISORS_ROOM } from '../supervision/supervision.service.js';
import { type EntryTally, tally } from './call-list-rules.js';
import type { CampaignDoc } from './campaign.model.js';

const TALLY_FIELDS = { status: 1, reason: 1, attempts: 1, reached: 1, converted: 1, priority: 1, 'history.disposition': 1 } as const;

/** An outbound campaign as stored (a campaign with a call list, as opposed to a marketing record). */
export type Outbound = CampaignDoc & {
  status: Campaign['status'];
  script: Campaign['script'];
  segment: SegmentFilter;
  callingHours: Campaign['callingHours'];
  offerCodes: string[];
  maxAttempts: number;
  retryMinutes: number;
  onePerHousehold: boolean;
  dispositionLabels?: Campaign['dispositionLabels'] | null;
  zones?: string[];
  build?: { processed: number; total: number } | null;
  createdBy?: string | null;
};

/**
 * Reading outbound campaigns with their progress, and telling supervisors and telemarketers where one
 * stands: shared by the list builder, the dialer and campaign administration.
 */
export function createCampaignRecords(models: Models, io: IO) {
  const { Campaign: Campaigns, CallListEntry: Entries } = models;

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
      ...(c.dispositionLabels ? { dispositionLabels: c.dispositionLabels } : {}),
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

  return { outbound, load, progressOf, toCampaign, announce, announceById };
}
export type CampaignRecords = ReturnType<typeof createCampaignRecords>;
