import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/password.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { builtClient } from '../support/browser.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let clientDir: string;
/** The client's largest script (the shared libraries), by its hashed name. */
let vendor: string;

beforeAll(async () => {
  clientDir = await builtClient();
  t = await startTestApp({}, { clientDir });
  await seedFixtures(t.models);
  await t.models.User.create({ username: 'admin', role: 'admin', passwordHash: await hashPassword('demo') });
  vendor = fs.readdirSync(path.join(clientDir, 'assets')).find((f) => /^vendor-.*\.js$/.test(f))!;
}, 120_000);
afterAll(() => t?.close());

/** A GET as a browser sends it, the body as received (not decoded: fetch would hide the encoding). */
function get(urlPath: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(t.base + urlPath, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('delivery of the built client', () => {
  it('serves a hashed script brotli-compressed to a browser that accepts brotli, cached for a year as immutable', async () => {
    const res = await get(`/assets/${vendor}`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toMatch(/javascript/);
    const original = fs.readFileSync(path.join(clientDir, 'assets', vendor));
    expect(zlib.brotliDecompressSync(res.body).equals(original)).toBe(true);
    expect(res.body.length).toBeLessThan(original.length * 0.45);
  });

  it('serves it gzip-compressed to a browser that accepts only gzip, and as is to one that accepts no encoding', async () => {
    const gz = await get(`/assets/${vendor}`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const original = fs.readFileSync(path.join(clientDir, 'assets', vendor));
    expect(zlib.gunzipSync(gz.body).equals(original)).toBe(true);

    const plain = await get(`/assets/${vendor}`, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
  });

  it('has every page of the app revalidated (no-cache), so a new deploy is picked up at the next load', async () => {
    for (const page of ['/', '/console', '/floor', '/admin/users', '/index.html']) {
      const res = await get(page, { 'accept-encoding': 'br, gzip' });
      expect(res.status, page).toBe(200);
      expect(res.headers['cache-control'], page).toBe('no-cache');
      expect(res.headers['content-type'], page).toMatch(/text\/html/);
      expect(res.headers.etag, page).toBeTruthy();
    }
    // Unchanged: a revalidation costs a 304 without a body.
    const first = await get('/console');
    const again = await get('/console', { 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
  });

  it("answers 404 for a chunk this build does not have, never the app's page in its place", async () => {
    const res = await get('/assets/ConsoleView-0ld8uild.js');
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body.toString())).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('compresses API answers and streamed exports too, which still arrive whole', async () => {
    const { token } = await t.login('admin');
    for (let i = 0; i < 5; i++) {
      const created = await t.api('POST', '/api/users', { token, body: { username: `temp${i}`, role: 'agent', displayName: `Temporary ${i}` } });
      expect(created.status).toBe(201);
    }
    const list = await get('/api/users', { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' });
    expect(list.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(list.body).toString()).length).toBeGreaterThanOrEqual(9);

    const exported = await get('/api/audit/export?format=ndjson', { authorization: `Bearer ${token}`, 'accept-encoding': 'br' });
    expect(exported.status).toBe(200);
    expect(exported.headers['content-encoding']).toBe('br');
    expect(exported.headers['content-disposition']).toMatch(/attachment; filename="audit-.*\.ndjson"/);
    const lines = zlib.brotliDecompressSync(exported.body).toString().trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((e) => JSON.stringify(e).includes('temp')).length).toBeGreaterThanOrEqual(5);
  });
});
