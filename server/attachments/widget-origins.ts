import { type Connection, Types } from 'mongoose';

/**
 * Which browser origins may call the widget's routes. The sites (and their origins) are registered by
 * admins in the widget's own feature (server/widget, `widgetsites`); this reads them, and the widget
 * may hand the attachment routes its own implementation instead (with a cache, say).
 */
export interface WidgetOrigins {
  /** The origins allowed for one site (a request with a visitor token: its session names the site). */
  of(siteId: string): Promise<readonly string[]>;
  /** Whether any live site allows the origin (a CORS preflight, which carries no token). */
  any(origin: string): Promise<boolean>;
}

/** `https://Shop.example/` → `https://shop.example`; not a URL → undefined. */
export function normaliseOrigin(origin: string): string | undefined {
  try {
    const o = new URL(origin).origin;
    return o === 'null' ? undefined : o;
  } catch {
    return undefined;
  }
}

/** Reads the registered sites' origins from the `widgetsites` collection (none registered: none allowed). */
export function widgetOriginsFromSites(conn: Connection): WidgetOrigins {
  const sites = () => conn.db!.collection<{ _id: Types.ObjectId; origins?: string[]; archived?: boolean }>('widgetsites');
  const live = { archived: { $ne: true } };
  return {
    async of(siteId) {
      if (!Types.ObjectId.isValid(siteId)) return [];
      const site = await sites().findOne({ _id: new Types.ObjectId(siteId), ...live }, { projection: { origins: 1 } });
      return (site?.origins ?? []).map(normaliseOrigin).filter((o): o is string => !!o);
    },
    async any(origin) {
      // Stored as registered (an admin may have typed a trailing slash or capitals): compared normalised.
      const wanted = normaliseOrigin(origin);
      if (!wanted) return false;
      const found = await sites()
        .find(live, { projection: { origins: 1 } })
        .toArray();
      return found.some((s) => (s.origins ?? []).some((o) => normaliseOrigin(o) === wanted));
    },
  };
}
