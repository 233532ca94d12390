/**
 * Which browser origins may call the widget's routes. The sites (and their origins) are registered by
 * admins in the widget's own feature (server/widget, `widgetsites`), which implements this (`widget.origins`).
 */
export interface WidgetOrigins {
  /** The origins allowed for one site (a request with a visitor token: its session names the site). */
  of(siteId: string): Promise<readonly string[]>;
  /** Whether any live site allows the origin (a CORS preflight, which carries no token). */
  any(origin: string): Promise<boolean>;
}
