import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

/** A client directory as the build leaves it: the console's index.html and the widget's script. */
const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'widget-route-'));
const script = '(function(){window.__widgetTest=1})();\n';
fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>console</title>');
fs.writeFileSync(path.join(clientDir, 'widget.js'), script);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({}, { clientDir });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(clientDir, { recursive: true, force: true });
});

describe('GET /widget.js', () => {
  it('serves the built widget as JavaScript any website may load', async () => {
    const res = await fetch(`${t.base}/widget.js`, { headers: { Origin: 'https://shop.example', 'Sec-Fetch-Mode': 'no-cors', 'Sec-Fetch-Dest': 'script' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(script);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    // helmet's default (same-origin) would make a shop's page refuse it.
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600, stale-while-revalidate=86400');
  });

  it('answers a revalidation of an unchanged widget with 304', async () => {
    const first = await fetch(`${t.base}/widget.js`);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    // Through node:http: fetch marks a request with its own If-None-Match "Cache-Control: no-cache" (the fetch standard), which forbids a 304.
    const status = await new Promise<number | undefined>((resolve, reject) => http.get(`${t.base}/widget.js`, { headers: { 'If-None-Match': etag! } }, (res) => (res.resume(), resolve(res.statusCode))).on('error', reject));
    expect(status).toBe(304);
  });

  it('is not the console app page: the console routes come after it', async () => {
    const res = await fetch(`${t.base}/widget.js`);
    expect(await res.text()).not.toContain('<title>console</title>');
  });
});

describe('GET /widget.js before the widget is built', () => {
  it('answers 404, not the console page', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'widget-none-'));
    fs.writeFileSync(path.join(empty, 'index.html'), '<!doctype html><title>console</title>');
    const app = await startTestApp({}, { clientDir: empty });
    try {
      const res = await fetch(`${app.base}/widget.js`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    } finally {
      await app.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('GET /demo/shop', () => {
  it('shows, in demo mode only, a shop page carrying the demo site\'s widget', async () => {
    const demo = await startTestApp({ demoMode: true }, { clientDir });
    const plain = await startTestApp({ demoMode: false }, { clientDir });
    try {
      const res = await fetch(`${demo.base}/demo/shop`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<script src="/widget.js" data-site="64656d6f73686f7000000001" async></script>');
      // Outside demo mode the path is the console's own page (its router answers unknown paths), never the shop.
      expect(await (await fetch(`${plain.base}/demo/shop`)).text()).not.toContain('data-site=');
    } finally {
      await demo.close();
      await plain.close();
    }
  });
});
