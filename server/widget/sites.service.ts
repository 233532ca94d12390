import { Types, type Connection } from 'mongoose';
import { z } from 'zod';
import { WidgetSiteInput, type WidgetSite } from '../../shared/schemas/widget.js';
import type { Actor, AuditService } from '../audit/audit.service.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import { newIdentitySecret } from './identity.js';
import { normaliseOrigin } from './origins.js';
import { type WidgetSiteDoc, widgetSiteModel } from './widget-site.model.js';
import { isDuplicateKey } from '../db/duplicate-key.js';

/** An admin's change of a site: any of its fields, or archiving it (its widget then opens nothing). */
export const WidgetSitePatch = WidgetSiteInput.partial()
  .extend({ archived: z.boolean().optional() })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });
export type WidgetSitePatch = z.infer<typeof WidgetSitePatch>;

/** The demo shop's fixed id, so a demo page can embed it without looking it up. */
export const DEMO_SITE_ID = '64656d6f73686f7000000001';
export const DEMO_SITE_NAME = 'Demo shop';

export const toWidgetSite = (d: WidgetSiteDoc): WidgetSite => ({
  id: String(d._id),
  name: d.name,
  origins: d.origins,
  queue: d.queue,
  hasIdentitySecret: !!d.identitySecret,
  archived: !!d.archived,
});

/** Origins as browsers send them; one a browser never sends is refused, naming it. */
function originsOf(values: string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    const o = normaliseOrigin(v);
    if (!o) throw badRequest(`${v} is not an origin (scheme, host and port only, e.g. https://shop.example)`, undefined, 'VALIDATION', { what: 'site', issues: [{ field: 'origins', issue: 'invalid_origin' }] });
    if (!out.includes(o)) out.push(o);
  }
  return out;
}

const nameTaken = (name: string) => conflict(`a site named ${name} exists already`, undefined, 'SITE_NAME_TAKEN', { name });

/** How long the engine-level origin check trusts its list of live sites' origins (other processes' writes). */
const ORIGINS_TTL_MS = 5000;

/**
 * The only writer of `widgetsites`: an admin's create, change and secret rotation (each audited, the
 * secret never in the trail), the demo shop of demo mode, and the reads the visitor namespace needs.
 */
export function createWidgetSites(conn: Connection, audit: AuditService) {
  const Site = widgetSiteModel(conn);
  let origins: { set: Set<string>; at: number } | null = null;
  let loading: Promise<Set<string>> | null = null;

  const record = (actor: Actor, action: string, id: string, before?: WidgetSite, after?: WidgetSite) =>
    audit.record({ actor, action, entity: { type: 'setting', id }, ...(before ? { before } : {}), ...(after ? { after } : {}), detail: { setting: 'widget-site' } });

  return {
    model: Site,

    async list(): Promise<WidgetSite[]> {
      return (await Site.find({}).sort({ name: 1 }).lean<WidgetSiteDoc[]>()).map(toWidgetSite);
    },

    async create(input: WidgetSiteInput, actor: Actor): Promise<WidgetSite & { identitySecret: string }> {
      const identitySecret = newIdentitySecret();
      try {
        const doc = (await Site.create({ ...input, origins: originsOf(input.origins), identitySecret })).toObject() as WidgetSiteDoc;
        origins = null;
        const site = toWidgetSite(doc);
        await record(actor, 'widget-site.created', site.id, undefined, site);
        return { ...site, identitySecret };
      } catch (err) {
        if (isDuplicateKey(err)) throw nameTaken(input.name);
        throw err;
      }
    },

    async update(id: string, patch: WidgetSitePatch, actor: Actor): Promise<WidgetSite> {
      const before = await Site.findById(id).lean<WidgetSiteDoc>();
      if (!before) throw notFound('asset', 'no such site', { what: 'site' });
      const set: Record<string, unknown> = { ...patch, ...(patch.origins ? { origins: originsOf(patch.origins) } : {}) };
      try {
        const doc = await Site.findOneAndUpdate({ _id: before._id }, { $set: set }, { returnDocument: 'after' }).lean<WidgetSiteDoc>();
        if (!doc) throw notFound('asset', 'no such site', { what: 'site' });
        origins = null;
        const site = toWidgetSite(doc);
        await record(actor, 'widget-site.changed', id, toWidgetSite(before), site);
        return site;
      } catch (err) {
        if (isDuplicateKey(err)) throw nameTaken(patch.name ?? before.name);
        throw err;
      }
    },

    /** A new identity secret (the old one stops validating at once); answered this once. */
    async rotateSecret(id: string, actor: Actor): Promise<{ identitySecret: string }> {
      const identitySecret = newIdentitySecret();
      const doc = await Site.findOneAndUpdate({ _id: new Types.ObjectId(id) }, { $set: { identitySecret } }, { returnDocument: 'after' }).lean<WidgetSiteDoc>();
      if (!doc) throw notFound('asset', 'no such site', { what: 'site' });
      await record(actor, 'widget-site.secret-rotated', id);
      return { identitySecret };
    },

    /** A live (not archived) site by id, with its secret: the visitor namespace's read. */
    async live(id: unknown): Promise<WidgetSiteDoc | null> {
      if (typeof id !== 'string' || !Types.ObjectId.isValid(id) || !/^[a-f0-9]{24}$/i.test(id)) return null;
      return Site.findOne({ _id: new Types.ObjectId(id), archived: { $ne: true } }).lean<WidgetSiteDoc>();
    },

    /**
     * Whether some live site allows this origin: the engine-level check lets such a page's handshake
     * through (the namespaces then decide: the console's refuses it, `/visitor` checks its own site).
     * The list is cached for a few seconds, so a flood of handshakes does not become a flood of queries.
     */
    async anySiteAllows(origin: string): Promise<boolean> {
      const o = normaliseOrigin(origin);
      if (!o) return false;
      if (!origins || Date.now() - origins.at > ORIGINS_TTL_MS) {
        loading ??= Site.distinct('origins', { archived: { $ne: true } })
          // Stored normalised by `originsOf`; normalised again for sites written before that (or by hand).
          .then((list) => new Set((list as string[]).map(normaliseOrigin).filter((v): v is string => !!v)))
          .finally(() => {
            loading = null;
          });
        const set = await loading;
        origins = { set, at: Date.now() };
      }
      return origins.set.has(o);
    },

    /**
     * Demo mode: the demo shop (queue `service`) exists with the given origins (`WIDGET_ORIGINS`) under a
     * fixed id; its secret is kept across restarts.
     */
    async ensureDemoSite(demoOrigins: string[]): Promise<WidgetSite> {
      const list = originsOf(demoOrigins);
      const _id = new Types.ObjectId(DEMO_SITE_ID);
      await Site.updateOne(
        { _id },
        { $set: { origins: list, archived: false }, $setOnInsert: { name: DEMO_SITE_NAME, queue: 'service', identitySecret: newIdentitySecret() } },
        { upsert: true },
      ).catch((err) => {
        // Another site already took the demo shop's name: leave it (an admin's own).
        if (!isDuplicateKey(err)) throw err;
      });
      origins = null;
      const doc = await Site.findById(_id).lean<WidgetSiteDoc>();
      return doc ? toWidgetSite(doc) : ((await this.list()).find((s) => s.name === DEMO_SITE_NAME) as WidgetSite);
    },
  };
}
export type WidgetSites = ReturnType<typeof createWidgetSites>;
