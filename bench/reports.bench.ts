import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { Types } from 'mongoose';
import pino from 'pino';
import { createModels, ensureIndexes } from '../server/db/models.js';
import { startEmbeddedDb } from '../server/embedded-db/server.js';
import { createBackground } from '../server/ops/background.js';
import { createRollupRepository } from '../server/reports/rollups.repository.js';
import { benchTokens, freePort, postCti, startServer, stop, tokenFor } from './harness.js';
import { progress, row, summarize, timed, type Summary } from './stats.js';

const DAY_MS = 86_400_000;
const QUEUES = ['sales', 'service', 'billing', 'retention', 'en', 'ro'];
const TEAMS = ['inbound-north', 'inbound-south', 'outbound', 'languages'];
const DISPOSITIONS = ['resolved', 'information', 'sale', 'complaint'];
const OUTBOUND = ['sale', 'not-interested', 'no-answer', 'busy', 'voicemail', 'callback'];
const STATES = ['available', 'on-call', 'after-call-work', 'available', 'on-chat', 'not-ready', 'available', 'on-call'] as const;

/**
 * Reports over `interactions` interactions (and the agents' state log) spread over `days` days: the
 * rollups' rebuild time, each report's time over the whole range (grouped by day, and by week in Tehran's
 * half-hour zone), and the CTI acknowledgement while five reports run compared with the same calls
 * without them, on the real console (a child process over the data directory).
 */
export async function benchReports({ interactions = 1_000_000, agents = 200, days = 90, runs = 5, callRate = 20, callSeconds = 10 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-reports-'));
  const dbPort = await freePort();
  const db = await startEmbeddedDb({ dir, port: dbPort });
  const conn = await mongoose.createConnection(db.uri, { dbName: 'console' }).asPromise();
  const models = createModels(conn);
  await ensureIndexes(models);

  // mulberry32: a small deterministic generator, so runs compare.
  let seed = 7;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];

  const admin = { _id: new Types.ObjectId(), username: 'bench-admin', role: 'admin' };
  const users = Array.from({ length: agents }, (_, i) => ({ _id: new Types.ObjectId(), username: `agent${i}`, displayName: `Agent ${i}`, role: 'agent', team: TEAMS[i % TEAMS.length], skills: QUEUES, passwordHash: 'x' }));
  // Through the model: its defaults (token epoch, active) are what a login's token is checked against.
  await models.User.insertMany([{ ...admin, passwordHash: 'x' }, ...users]);
  const campaigns = Array.from({ length: 5 }, (_, i) => ({ _id: new Types.ObjectId(), name: `Campaign ${i}` }));
  const end = new Date(new Date().toISOString().slice(0, 10)).getTime(); // today 00:00 UTC: the range ends yesterday
  const start = end - days * DAY_MS;

  const loadStart = performance.now();
  const batch = 10_000;
  for (let i = 0; i < interactions; i += batch) {
    const docs = Array.from({ length: Math.min(batch, interactions - i) }, (_, k) => {
      const n = i + k;
      const ringingAt = new Date(start + Math.floor(rand() * days * DAY_MS));
      const outbound = rand() < 0.1;
      const channel = !outbound && rand() < 0.25 ? 'chat' : 'voice';
      const answered = rand() < 0.88;
      const agent = pick(users);
      const connectedAt = answered ? new Date(ringingAt.getTime() + Math.floor(rand() * 60_000)) : undefined;
      const endedAt = new Date((connectedAt ?? ringingAt).getTime() + (answered ? 30_000 + Math.floor(rand() * 600_000) : Math.floor(rand() * 90_000)));
      const wrappedUpAt = answered ? new Date(endedAt.getTime() + Math.floor(rand() * 120_000)) : undefined;
      const offered = answered && rand() < 0.2;
      const campaign = outbound ? pick(campaigns) : undefined;
      return {
        callId: `bench-${n}`,
        channel,
        direction: outbound ? 'outbound' : 'inbound',
        from: `+4420${String(n).padStart(8, '0')}`,
        to: '+442079460000',
        queue: outbound ? undefined : pick(QUEUES),
        ...(campaign ? { campaignId: campaign._id, campaignName: campaign.name } : {}),
        customerId: null,
        candidateIds: [],
        agentId: answered ? agent._id : null,
        agentName: answered ? agent.username : undefined,
        state: 'ended',
        ringingAt,
        answeredAt: connectedAt,
        connectedAt,
        endedAt,
        wrappedUpAt,
        disposition: answered ? (outbound ? pick(OUTBOUND) : pick(DISPOSITIONS)) : undefined,
        presentedOffers: offered ? [{ offerId: 'offer-1', title: 'Extended warranty', price: 49, score: 0.7, at: connectedAt }] : [],
        offers: offered && rand() < 0.4 ? [{ offerId: 'offer-1', title: 'Extended warranty', price: 49, outcome: rand() < 0.5 ? 'accepted' : 'declined', at: connectedAt }] : [],
        complaintIds: [],
        changes: [],
        events: [],
        messageCount: 0,
        transferCount: answered && rand() < 0.05 ? 1 : 0,
        version: 3,
        createdAt: ringingAt,
        updatedAt: wrappedUpAt ?? endedAt,
      };
    });
    await models.Interaction.collection.insertMany(docs, { ordered: false });
    progress('  loading interactions', Math.min(i + batch, interactions), interactions);
  }
  // Each agent's days: logged in at a random hour, a round of states, logged out eight hours later.
  const log: object[] = [];
  for (const u of users) {
    for (let d = 0; d < days; d++) {
      let at = start + d * DAY_MS + (6 + Math.floor(rand() * 6)) * 3_600_000;
      let from = 'offline';
      for (const to of [...STATES, 'offline'] as const) {
        log.push({ userId: u._id, username: u.username, from, to, reason: to === 'not-ready' ? pick(['break', 'lunch', 'training']) : undefined, at: new Date(at), by: 'agent' });
        from = to;
        at += Math.floor(rand() * 3_600_000);
      }
    }
    if (log.length >= batch) await models.AgentStateLog.collection.insertMany(log.splice(0));
  }
  if (log.length) await models.AgentStateLog.collection.insertMany(log);
  const loadSecs = (performance.now() - loadStart) / 1000;

  const logger = pino({ level: 'silent' });
  const rollups = createRollupRepository({ models, background: createBackground(logger), logger, serviceLevelOf: () => 20, timeZone: 'UTC' });
  let phaseShown = '';
  const rebuildMs = await timed(() =>
    rollups.rebuild((phase, done, total) => {
      if (phase !== phaseShown || done === total || done % 50_000 < 1000) progress(`  rebuilding rollups (${phase})`, done, total);
      phaseShown = phase;
    }),
  );
  const rollupDocs = await models.ReportRollup.estimatedDocumentCount();
  const dailyDocs = await models.ReportDay.estimatedDocumentCount();
  await conn.close();
  await db.close();

  // The real console over the same data directory.
  const { child, url } = await startServer(dir, dbPort, { DEMO_MODE: 'false', REPORTS_TIME_ZONE: 'UTC' });
  const token = await tokenFor(benchTokens(), admin);
  const from = new Date(start).toISOString().slice(0, 10);
  const to = new Date(end - DAY_MS).toISOString().slice(0, 10);
  const report = async (kind: string, query: string) => {
    const res = await fetch(`${url}/api/reports/${kind}?from=${from}&to=${to}&${query}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`${kind} report: ${res.status} ${await res.text()}`);
    return (await res.json()) as { rows: unknown[] };
  };

  const kinds = ['queues', 'agents', 'campaigns', 'offers', 'satisfaction'];
  const times: Record<string, Summary> = {};
  const rowsOf: Record<string, number> = {};
  for (const kind of kinds) {
    // The centre's zone by day and by month (daily rollups), and another zone (half-hour rollups).
    for (const [label, query] of [
      ['day, UTC', 'tz=UTC&groupBy=day'],
      ['month, UTC', 'tz=UTC&groupBy=month'],
      ['week, Asia/Tehran', 'tz=Asia/Tehran&groupBy=week'],
    ] as const) {
      const samples: number[] = [];
      for (let r = 0; r < runs; r++) samples.push(await timed(async () => (rowsOf[`${kind} (${label})`] = (await report(kind, query)).rows.length)));
      times[`${kind} (${label})`] = summarize(samples);
    }
  }

  // CTI acknowledgements: calls at `callRate` for `callSeconds`, alone, then while five reports run in loops.
  const calls = async () => {
    const acks: number[] = [];
    const sends: Promise<void>[] = [];
    const total = callRate * callSeconds;
    for (let i = 0; i < total; i++) {
      const body = { eventId: randomUUID(), type: 'call.ringing', callId: `bench-live-${randomUUID()}`, channel: 'voice', from: '+447700900123', to: '+442079460000', at: new Date().toISOString() };
      sends.push(postCti(url, body).then((r) => void acks.push(r.ms)));
      await new Promise((r) => setTimeout(r, 1000 / callRate));
    }
    await Promise.all(sends);
    return summarize(acks);
  };
  const quiet = await calls();
  let running = true;
  let reportsDuring = 0;
  const loops = Array.from({ length: 5 }, async (_, i) => {
    while (running) {
      await report(kinds[i % kinds.length], 'tz=UTC&groupBy=day');
      reportsDuring++;
    }
  });
  const busy = await calls();
  running = false;
  await Promise.all(loops);
  await stop(child);
  fs.rmSync(dir, { recursive: true, force: true });

  console.log(`\nReports: ${interactions.toLocaleString('en')} interactions over ${days} days, ${agents} agents (data loaded in ${loadSecs.toFixed(0)} s)`);
  console.log(`  rollups rebuilt in ${(rebuildMs / 1000).toFixed(1)} s: ${rollupDocs.toLocaleString('en')} half-hour and ${dailyDocs.toLocaleString('en')} daily rollup documents`);
  for (const [label, s] of Object.entries(times)) console.log(`  ${row(label, s, undefined, `  (${rowsOf[label]} rows)`)}`);
  console.log(`  ${row('CTI ack, no reports', quiet)}`);
  console.log(`  ${row('CTI ack, five reports running', busy, quiet, `  (${reportsDuring} reports meanwhile)`)}`);
  return { interactions, agents, days, loadSecs, rebuildMs, rollupDocs, dailyDocs, reports: times, rows: rowsOf, ctiAck: { quiet, busy, reportsDuring } };
}
