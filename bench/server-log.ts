/*
 * What the mixed benchmark reads back from the server's own log (info level, written to a file): how long
 * a background start-up step took, which the scenario waits for before the load, and the server's own
 * response time of each answered request, which the result reports beside the client's. Both only read
 * a file the server wrote, so they sit apart from the scenario that drives it and the printing.
 */
import fs from 'node:fs';
import { ReportKind } from '../shared/schemas/reports.js';
import { sleep } from './harness.js';
import { summarize, type Summary } from './stats.js';

const REPORT_KINDS = ReportKind.options;

/** The server's own response times of answered requests (pino-http's `responseTime`, info level) by route, from its log file. */
export function serverTimes(logFile: string): Record<string, Summary> {
  const routes: Array<[string, RegExp]> = [
    ['CTI events (calls and chats)', /^POST \/api\/cti\/events/],
    ['customer search', /^GET \/api\/customers\?/],
    ['campaign segment preview', /^POST \/api\/campaigns\/preview/],
    ['duplicates scan', /^GET \/api\/duplicates/],
    ['report', new RegExp(`^GET /api/reports/(${REPORT_KINDS.join('|')})\\?`)],
    ['import (POST)', /^POST \/api\/imports/],
    ['import progress', /^GET \/api\/imports\//],
    ['interaction write (PATCH)', /^PATCH \/api\/interactions\//],
  ];
  const times = new Map<string, number[]>(routes.map(([name]) => [name, []]));
  for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.includes('"responseTime"')) continue;
    try {
      const e = JSON.parse(line) as { req?: { method: string; url: string }; res?: { statusCode?: number }; responseTime?: number };
      // Answered requests only, as on the client's side (refusals such as 503 are counted there apart).
      if (!e.res?.statusCode || e.res.statusCode >= 300) continue;
      const key = `${e.req?.method} ${e.req?.url}`;
      const hit = routes.find(([, re]) => re.test(key));
      if (hit && typeof e.responseTime === 'number') times.get(hit[0])!.push(e.responseTime);
    } catch {
      // A line cut short when the server stopped.
    }
  }
  return Object.fromEntries([...times].map(([k, v]) => [k, summarize(v)]));
}

/**
 * The duration of a background start-up step, from the server's log once the step has logged its end
 * (polled every 100 ms, up to `timeoutMs`). Undefined when the server has no such step (an older
 * console: no start line within 3 s), or it did not end in time.
 */
export async function startupStepDone(logFile: string, step: string, timeoutMs: number): Promise<number | undefined> {
  const startedAt = performance.now();
  for (;;) {
    const lines = fs.readFileSync(logFile, 'utf8').split('\n').filter((l) => l.includes(`"step":"${step}"`));
    const done = lines.find((l) => l.includes(`"msg":"start-up: ${step} done"`));
    if (done) return Number(/"ms":(\d+)/.exec(done)?.[1]);
    const waited = performance.now() - startedAt;
    if ((!lines.length && waited > 3000) || waited > timeoutMs) return undefined;
    await sleep(100);
  }
}
