import fs from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { notFound } from '../http/errors.js';
import { DEMO_SITE_ID } from './sites.service.js';

/**
 * How long browsers keep widget.js without asking again. Its name carries no hash (it is written into
 * other people's websites once), so a year's `immutable` is out: an hour, then a revalidation (its ETag
 * answers 304 when unchanged), and a day on which a stale copy may still run while the new one loads.
 * A deploy reaches every website's visitors within the hour.
 */
const WIDGET_CACHE = 'public, max-age=3600, stale-while-revalidate=86400';

/**
 * `GET /widget.js`: the website chat widget (client/widget/, built by vite.widget.config.ts into the
 * client's directory) for any website's script tag. It loads cross-origin, so the resource policy says
 * `cross-origin` (helmet's `same-origin` default would make browsers refuse it on the shop's page); the
 * type is declared and nosniff set, so a browser runs it only as the JavaScript it is.
 */
export function widgetScriptRoutes(clientDir: string, opts: { demoMode?: boolean } = {}): Router {
  const r = Router();
  if (opts.demoMode) r.get('/demo/shop', demoShop);
  r.get('/widget.js', (_req, res, next) => {
    res.setHeader('Cache-Control', WIDGET_CACHE);
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type('text/javascript; charset=utf-8');
    res.sendFile(path.join(path.resolve(clientDir), 'widget.js'), { cacheControl: false, dotfiles: 'allow' }, (err) => {
      if (err && !res.headersSent) next(notFound('asset', 'widget.js is not built (npm run build)', { path: '/widget.js' }));
      else if (err) next(err);
    });
  });
  return r;
}

const SHOP_PAGE = path.resolve(import.meta.dirname, '../../client/widget/demo/shop.html');

/**
 * Demo mode: `GET /demo/shop`, a shop's page with the widget of the demo site ("Demo shop", registered
 * for WIDGET_ORIGINS), so `npm start` shows a visitor's side next to the agent's. Same origin as the
 * console here; the browser test serves the same page from another origin.
 */
function demoShop(_req: import('express').Request, res: import('express').Response) {
  const html = fs.readFileSync(SHOP_PAGE, 'utf8').replace('src="http://127.0.0.1:3000/widget.js" data-site="demo"', `src="/widget.js" data-site="${DEMO_SITE_ID}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.type('html').send(html);
}
