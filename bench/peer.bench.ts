import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BSON } from 'bson';
import { type Collection, MongoClient } from 'mongodb';
import pg from 'pg';
import { type EmbeddedDbThread, startEmbeddedDbThread } from '../server/embedded-db/thread.js';
import { progress, type Summary, summarize, timed } from './stats.js';

export interface PeerOptions {
  rows: number;
  ops: number;
  /** Defaults to the local trust-auth server the benchmark machines run. */
  pgUrl?: string;
}

interface Customer {
  _id: number;
  email: string;
  spend: number;
  name: string;
  phone: string;
  address: { street: string; zip: string; city: string; country: string };
  segment: string;
  tags: string[];
  visits: number;
  consent: { email: boolean; sms: boolean };
  notes: string;
  createdAt: string;
}

const CITIES = ['Oslo', 'Lyon', 'Graz', 'Porto', 'Gdańsk', 'Turku'];
const SEGMENTS = ['new', 'regular', 'loyal', 'lapsed'];
const TAGS = ['newsletter', 'vip', 'b2b', 'returns', 'mobile', 'store'];

function customer(n: number): Customer {
  return {
    _id: n,
    email: `customer${n}@example.com`,
    spend: n % 997,
    name: `Customer Number ${n}`,
    phone: `+47 ${String(40_000_000 + (n % 9_999_999))}`,
    address: { street: `${(n % 250) + 1} Harbour Street`, zip: String(10_000 + (n % 89_999)), city: CITIES[n % CITIES.length]!, country: 'NO' },
    segment: SEGMENTS[n % SEGMENTS.length]!,
    tags: [TAGS[n % TAGS.length]!, TAGS[(n >> 3) % TAGS.length]!],
    visits: n % 61,
    consent: { email: n % 2 === 0, sms: n % 3 === 0 },
    notes: `Prefers a call back in the afternoon; last contact about order ${100_000 + n}, delivery on time.`,
    createdAt: new Date(Date.UTC(2020, 0, 1) + (n % 1500) * 86_400_000).toISOString(),
  };
}

/** The same customer as a PostgreSQL row: key, email and spend as columns, everything else in the jsonb. */
function pgRow(c: Customer): [number, string, number, string] {
  const { _id, email, spend, ...doc } = c;
  return [_id, email, spend, JSON.stringify(doc)];
}

interface Pair {
  embedded: Summary;
  postgres: Summary;
  /** embedded / postgres: below 1 the embedded database is faster. */
  ratioP50: number;
  ratioP95: number;
}

const pair = (embedded: number[], postgres: number[]): Pair => {
  const e = summarize(embedded);
  const p = summarize(postgres);
  return { embedded: e, postgres: p, ratioP50: e.p50 / p.p50, ratioP95: e.p95 / p.p95 };
};

const ms = (v: number) => (v < 1 ? v.toFixed(3) : v.toFixed(2));
const pcts = (s: Summary) => `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.p99)}`.padStart(26);
const line = (label: string, p: Pair) =>
  `${label.padEnd(30)}${pcts(p.embedded)}  ${pcts(p.postgres)}   ×${p.ratioP50.toFixed(2).padEnd(6)} ×${p.ratioP95.toFixed(2)}`;

/** `n` operations kept `inFlight` at a time: per-operation latencies and the wall-clock throughput. */
async function concurrent(n: number, inFlight: number, op: (i: number) => Promise<unknown>) {
  const lat: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < n) {
        const i = next++;
        lat.push(await timed(() => op(i)));
      }
    }),
  );
  return { lat, opsPerSec: n / ((performance.now() - start) / 1000) };
}

/**
 * The embedded database beside PostgreSQL on the same machine and the same rows: point reads by key,
 * durable single inserts and updates, and inserts from 32 clients at once.
 */
export async function benchPeer(opts: PeerOptions): Promise<Record<string, unknown>> {
  const { rows, ops } = opts;
  const pgUrl = opts.pgUrl ?? 'postgres://postgres@127.0.0.1:5432/test';
  const warm = Math.min(200, Math.max(10, Math.floor(ops / 10)));
  const inFlight = 32;

  // Reached before anything is started, so a machine without PostgreSQL skips the peer in a second.
  const pgc = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  // A connection dropped between queries is reported as an 'error' event, which would otherwise end the process.
  pgc.on('error', (err) => console.log(`  PostgreSQL connection error: ${err.message}`));
  try {
    await pgc.connect();
  } catch (err) {
    console.log(`\nPostgreSQL peer skipped: cannot reach ${pgUrl} (${(err as Error).message || String(err)})`);
    await pgc.end().catch(() => {});
    return { skipped: `PostgreSQL unreachable at ${pgUrl}` };
  }

  const schema = `bench_peer_${process.pid}_${Date.now()}`;
  const table = `${schema}.customers`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-peer-'));
  let embedded: EmbeddedDbThread | undefined;
  let mongo: MongoClient | undefined;
  let pool: pg.Pool | undefined;
  try {
    const show = async (k: string) => (await pgc.query<Record<string, string>>(`SHOW ${k}`)).rows[0]![k]!;
    const version = await show('server_version');
    const syncCommit = await show('synchronous_commit');
    const fsyncOn = await show('fsync');
    await pgc.query(`CREATE SCHEMA ${schema}`);
    await pgc.query(`CREATE TABLE ${table} (id bigint PRIMARY KEY, email text NOT NULL, spend integer NOT NULL, doc jsonb NOT NULL)`);
    pool = new pg.Pool({ connectionString: pgUrl, max: inFlight });
    pool.on('error', (err) => console.log(`  PostgreSQL pool error: ${err.message}`));

    embedded = await startEmbeddedDbThread({ dir });
    mongo = await new MongoClient(embedded.uri, { maxPoolSize: inFlight, serverSelectionTimeoutMS: 5000 }).connect();
    const coll: Collection<Customer> = mongo.db('bench').collection<Customer>('customers');
    const durable = { writeConcern: { w: 1, j: true } } as const;

    const batch = 5000;
    const loadStart = performance.now();
    let embeddedLoadMs = 0;
    for (let i = 0; i < rows; i += batch) {
      const docs = Array.from({ length: Math.min(batch, rows - i) }, (_, k) => customer(i + k));
      embeddedLoadMs += await timed(() => coll.insertMany(docs, { ordered: false }));
      const cols = docs.map(pgRow);
      await pgc.query(`INSERT INTO ${table} SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::jsonb[])`, [
        cols.map((c) => c[0]),
        cols.map((c) => c[1]),
        cols.map((c) => c[2]),
        cols.map((c) => c[3]),
      ]);
      progress(`  loading ${rows.toLocaleString()} customers into both`, Math.min(i + batch, rows), rows);
    }
    const postgresLoadMs = performance.now() - loadStart - embeddedLoadMs;
    // A fresh table has no statistics until autovacuum gets to it; give the planner what it would have in use.
    await pgc.query(`VACUUM ANALYZE ${table}`);

    const sample = customer(rows >> 1);
    const bsonBytes = BSON.calculateObjectSize(sample);
    const jsonbBytes = Number(
      (await pgc.query<{ b: string }>(`SELECT pg_column_size(doc) AS b FROM ${table} WHERE id = $1`, [sample._id])).rows[0]!.b,
    );
    const rowBytes = Number(
      (await pgc.query<{ b: string }>(`SELECT pg_column_size(t.*) AS b FROM ${table} t WHERE id = $1`, [sample._id])).rows[0]!.b,
    );

    // Named statements: PostgreSQL parses and plans each once, as an application's steady state would.
    const q = {
      ping: { name: 'peer-ping', text: 'SELECT 1' },
      read: { name: 'peer-read', text: `SELECT id, email, spend, doc FROM ${table} WHERE id = $1` },
      insert: { name: 'peer-insert', text: `INSERT INTO ${table} (id, email, spend, doc) VALUES ($1, $2, $3, $4)` },
      update: { name: 'peer-update', text: `UPDATE ${table} SET spend = spend + 1 WHERE id = $1` },
    };
    const randomKey = () => Math.floor(Math.random() * rows);
    // New keys for every insert: warm-ups and each phase take their own range above the loaded rows.
    let nextKey = rows;
    const fresh = () => customer(nextKey++);
    const admin = mongo.db('bench');

    // One operation on each engine in turn: the disk's flush time here drifts by 3× from one minute to
    // the next, and measured in blocks one engine would get the slow minute and the other the fast one.
    const measure = async (e: (i: number) => Promise<unknown>, p: (i: number) => Promise<unknown>) => {
      const eLat: number[] = [];
      const pLat: number[] = [];
      for (let i = 0; i < warm + ops; i++) {
        const te = await timed(() => e(i));
        const tp = await timed(() => p(i));
        if (i >= warm) {
          eLat.push(te);
          pLat.push(tp);
        }
      }
      return pair(eLat, pLat);
    };

    const result: Record<string, unknown> = {};
    const pairs: [string, Pair][] = [];
    const run = async (key: string, label: string, e: (i: number) => Promise<unknown>, p: (i: number) => Promise<unknown>) => {
      const r = await measure(e, p);
      result[key] = r;
      pairs.push([label, r]);
    };
    await run(
      'roundTrip',
      'round trip (ping / SELECT 1)',
      () => admin.command({ ping: 1 }),
      () => pgc.query(q.ping),
    );
    await run(
      'read',
      'point read by primary key',
      () => coll.findOne({ _id: randomKey() }),
      () => pgc.query({ ...q.read, values: [randomKey()] }),
    );
    await run(
      'insert',
      'durable insert',
      () => coll.insertOne(fresh(), durable),
      () => pgc.query({ ...q.insert, values: pgRow(fresh()) }),
    );
    await run(
      'update',
      'durable update by key',
      () => coll.updateOne({ _id: randomKey() }, { $inc: { spend: 1 } }, durable),
      () => pgc.query({ ...q.update, values: [randomKey()] }),
    );

    // The warm-up opens every pooled connection, so connection set-up is not timed as an insert.
    const eInsert = () => coll.insertOne(fresh(), durable);
    const pInsert = () => pool!.query({ ...q.insert, values: pgRow(fresh()) });
    await concurrent(Math.max(warm, inFlight * 4), inFlight, eInsert);
    await concurrent(Math.max(warm, inFlight * 4), inFlight, pInsert);
    // Concurrent phases cannot take turns op by op without overlapping: short phases in turn instead.
    const rounds = 4;
    const eConc = { lat: [] as number[], secs: 0 };
    const pConc = { lat: [] as number[], secs: 0 };
    for (let r = 0; r < rounds; r++) {
      const n = Math.ceil(ops / rounds);
      for (const [into, op] of [[eConc, eInsert], [pConc, pInsert]] as const) {
        const got = await concurrent(n, inFlight, op);
        into.lat.push(...got.lat);
        into.secs += n / got.opsPerSec;
      }
    }
    const eOpsPerSec = eConc.lat.length / eConc.secs;
    const pOpsPerSec = pConc.lat.length / pConc.secs;
    const conc = pair(eConc.lat, pConc.lat);
    pairs.push([`insert, ${inFlight} in flight`, conc]);
    result.concurrentInsert = {
      ...conc,
      inFlight,
      embeddedOpsPerSec: eOpsPerSec,
      postgresOpsPerSec: pOpsPerSec,
    };

    console.log(
      `\nEmbedded database vs PostgreSQL ${version} (synchronous_commit=${syncCommit}, fsync=${fsyncOn}), ` +
        `${rows.toLocaleString()} rows, ${ops} ops per operation after ${warm} warm-up, the two engines taking turns`,
    );
    console.log(
      `  document: ${bsonBytes} B as BSON; ${jsonbBytes} B jsonb, ${rowBytes} B whole row in PostgreSQL; ` +
        `loaded in ${(embeddedLoadMs / 1000).toFixed(1)} s (embedded) and ${(postgresLoadMs / 1000).toFixed(1)} s (postgres)`,
    );
    console.log(`${'ms'.padEnd(30)}${'embedded p50 / p95 / p99'.padStart(26)}  ${'postgres p50 / p95 / p99'.padStart(26)}   emb/pg p50  p95`);
    for (const [label, p] of pairs) console.log(line(label, p));
    console.log(
      `  ${inFlight} in flight: embedded ${Math.round(eOpsPerSec)} inserts/s, postgres ${Math.round(pOpsPerSec)} inserts/s ` +
        `(embedded/postgres ×${(eOpsPerSec / pOpsPerSec).toFixed(2)}; above 1 the embedded database does more)`,
    );
    console.log('  a latency ratio below 1 means the embedded database is faster');

    return {
      rows,
      ops,
      warmUp: warm,
      postgres: { version, synchronousCommit: syncCommit, fsync: fsyncOn },
      documentBytes: { bson: bsonBytes, jsonb: jsonbBytes, pgRow: rowBytes },
      loadSecs: { embedded: embeddedLoadMs / 1000, postgres: postgresLoadMs / 1000 },
      ...result,
    };
  } catch (err) {
    // A peer that fails half-way should cost the rest of `npm run bench` nothing.
    console.log(`\nPeer benchmark failed: ${(err as Error).stack ?? String(err)}`);
    return { failed: (err as Error).message };
  } finally {
    await mongo?.close().catch(() => {});
    await embedded?.close().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
    await pool?.end().catch(() => {});
    await pgc.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch((err: Error) => console.log(`  could not drop schema ${schema}: ${err.message}`));
    await pgc.end().catch(() => {});
  }
}
