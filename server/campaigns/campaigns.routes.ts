import { Router } from 'express';
import { CampaignCreate, CampaignUpdate, DispositionRequest, SegmentPreviewRequest } from '../../shared/schemas/campaign.js';
import { currentUser } from '../auth/auth.middleware.js';
import { download } from '../http/download.js';
import { handle } from '../http/respond.js';
import { parse, parseId } from '../http/validate.js';
import type { CampaignService } from './campaigns.service.js';

/** Outbound campaigns: back-office set-up (roles in server/access/role-matrix.ts) and the telemarketer's dialer. */
export function campaignRoutes(campaigns: CampaignService) {
  const r = Router();

  r.get(
    '/campaigns',
    handle(() => campaigns.list()),
  );
  r.post(
    '/campaigns/preview',
    handle((req) => {
      const { segment, onePerHousehold } = parse(SegmentPreviewRequest, req.body, 'segment');
      return campaigns.preview(segment, onePerHousehold);
    }),
  );
  r.post(
    '/campaigns',
    handle((req) => campaigns.create(parse(CampaignCreate, req.body, 'campaign'), currentUser(req)), 201),
  );
  r.get(
    '/campaigns/:id',
    handle((req) => campaigns.get(parseId(req.params.id, 'campaign id'))),
  );
  r.patch(
    '/campaigns/:id',
    handle((req) => campaigns.setStatus(parseId(req.params.id, 'campaign id'), parse(CampaignUpdate, req.body, 'campaign').status)),
  );
  r.post(
    '/campaigns/:id/next',
    handle((req) => campaigns.next(parseId(req.params.id, 'campaign id'), currentUser(req))),
  );
  r.post(
    '/campaigns/:id/contacts/:entryId/disposition',
    handle((req) =>
      campaigns.dispose(parseId(req.params.id, 'campaign id'), parseId(req.params.entryId, 'contact id'), parse(DispositionRequest, req.body, 'disposition'), currentUser(req)),
    ),
  );
  r.get(
    '/campaigns/:id/export',
    download(async (req) => {
      const id = parseId(req.params.id, 'campaign id');
      const campaign = await campaigns.get(id);
      const slug =
        campaign.name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') || 'campaign';
      return { filename: `${slug}-${new Date().toISOString().slice(0, 10)}.csv`, contentType: 'text/csv; charset=utf-8', lines: campaigns.exportCsv(id) };
    }),
  );
  return r;
}
