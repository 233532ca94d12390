import { logUrl } from './log-url.js';

/**
 * What the access log keeps of each request: who asked what, not the headers. A line per request is
 * written at every CTI event and every agent's write, so its size is paid on the console's thread
 * (serialising a request's headers and the response's, helmet's fifteen among them, and redacting
 * the secret ones took 11–14 µs a request where these fields take under 5). Keeping only these fields is
 * also what keeps secrets out: a token, a cookie or a CTI signature is never among them. Query
 * values (search terms: names, phones) never reach the log; see logUrl.
 */
export function accessLogRequest(req: { id?: unknown; method?: string; url?: string; remoteAddress?: string; headers?: Record<string, unknown> }) {
  const agent = req.headers?.['user-agent'];
  return { id: req.id, method: req.method, url: logUrl(req.url), remoteAddress: req.remoteAddress, ...(typeof agent === 'string' ? { userAgent: agent } : {}) };
}

/** The response's status; its headers are the console's own, the same on every answer. */
export function accessLogResponse(res: { statusCode?: number }) {
  return { statusCode: res.statusCode };
}
