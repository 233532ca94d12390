import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedDb } from '../../server/embedded-db/server.js';
import { sign } from '../../server/telephony/signature.js';

const root = path.resolve(import.meta.dirname, '../..');
const CTI_SECRET = 'shutdown-test-cti-secret-0123';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shutdown-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `npm start`'s server (server/index.ts) as a child process over its own embedded database in `dir`. */
async function startConsole(): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', DB_DIR: dir, SEED_CUSTOMERS: '0', DEMO_MODE: 'false', CTI_SECRET, JWT_SECRET: 'shutdown-test-jwt-secret-0123', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`console did not start:\n${output}`)), 60_000);
    const onData = (b: Buffer) => {
      output += b.toString();
      const m = /ready on http:\/\/localhost:(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`console exited with ${code}:\n${output}`)));
  });
  return { child, base };
}

function ringing(base: string, callId: string) {
  const raw = JSON.stringify({ eventId: `ev-${callId}`, type: 'call.ringing', callId, channel: 'voice', from: '+447700900001', to: '+442079460000', at: new Date().toISOString() });
  return fetch(`${base}/api/cti/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-cti-signature': sign(raw, CTI_SECRET) }, body: raw }).then(
    async (res) => ({ callId, status: res.status, body: (await res.json()) as { interactionId?: string } }),
    () => ({ callId, status: 0, body: {} }),
  );
}

describe('graceful shutdown', () => {
  it('answers every request it accepted before SIGTERM and stores every acknowledged write before closing the database', async () => {
    const { child, base } = await startConsole();
    // A warm-up write, then a burst of 60 concurrent writes with SIGTERM in the middle of it.
    expect((await ringing(base, 'warm-up')).status).toBe(200);
    const burst = Array.from({ length: 60 }, (_, i) => ringing(base, `burst-${i}`));
    // In the middle of it: the first of the burst is answered, the others are still on their way.
    await Promise.race(burst);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const results = await Promise.all(burst);
    const [code] = await exited;
    expect(code).toBe(0);

    const acknowledged = results.filter((r) => r.status === 200);
    // Accepted requests are answered (200); the rest were never accepted (connection refused: 0).
    // Nothing accepted is cut off or answered with an error because the database closed under it.
    expect(results.every((r) => r.status === 200 || r.status === 0)).toBe(true);
    expect(acknowledged.length).toBeGreaterThan(0);

    const db = await startEmbeddedDb({ dir, port: 0 });
    const conn = await mongoose.createConnection(db.uri, { dbName: 'console' }).asPromise();
    try {
      const stored = new Set((await conn.db!.collection('interactions').find({}, { projection: { callId: 1 } }).toArray()).map((d) => d.callId as string));
      expect(acknowledged.map((r) => r.callId).filter((c) => !stored.has(c))).toEqual([]);
      console.log(`graceful shutdown: ${acknowledged.length} of 60 writes accepted and answered before SIGTERM closed the listener, all stored; ${results.length - acknowledged.length} refused`);
    } finally {
      await conn.close();
      await db.close();
    }
  }, 90_000);
});
