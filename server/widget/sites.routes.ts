import { Router } from 'express';
import { WidgetSiteInput } from '../../shared/schemas/widget.js';
import { currentUser } from '../auth/auth.middleware.js';
import { handle } from '../http/respond.js';
import { parse, parseId } from '../http/validate.js';
import { WidgetSitePatch, type WidgetSites } from './sites.service.js';

/** Admins register the sites that embed the chat widget (role matrix: ADMIN). */
export function widgetSiteRoutes(sites: WidgetSites) {
  const r = Router();
  r.get(
    '/widget-sites',
    handle(() => sites.list()),
  );
  r.post(
    '/widget-sites',
    handle((req) => sites.create(parse(WidgetSiteInput, req.body, 'site'), currentUser(req)), 201),
  );
  r.patch(
    '/widget-sites/:id',
    handle((req) => sites.update(parseId(req.params.id, 'site id'), parse(WidgetSitePatch, req.body, 'site'), currentUser(req))),
  );
  r.post(
    '/widget-sites/:id/secret',
    handle((req) => sites.rotateSecret(parseId(req.params.id, 'site id'), currentUser(req))),
  );
  return r;
}
