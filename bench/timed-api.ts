/*
 * One request to the console's API as an agent's or a supervisor's screen makes it (a bearer token, JSON
 * both ways), timed from sending to the whole answer read. Both the mixed scenario's actors and its browser
 * agent (bench/mixed-browser.ts) send them, so it lives in neither.
 */

export type Api = { ms: number; status: number; retryAfter: number; json: unknown };

export async function api(base: string, method: string, url: string, token: string, body?: unknown): Promise<Api> {
  const t = performance.now();
  try {
    const res = await fetch(base + url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const ms = performance.now() - t;
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { ms, status: res.status, retryAfter: Number(res.headers.get('retry-after') ?? 1) || 1, json };
  } catch {
    return { ms: performance.now() - t, status: 0, retryAfter: 1, json: undefined };
  }
}
