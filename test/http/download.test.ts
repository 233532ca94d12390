import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { download } from '../../server/http/download.js';
import { eventually } from '../support/app.js';

let base: string;
let server: ReturnType<ReturnType<typeof express>['listen']>;
const state = { produced: 0, finished: false };

beforeAll(async () => {
  const app = express();
  // An export that never ends by itself (a big collection, a slow client): only the client's leaving stops it.
  app.get('/endless', download(() => ({
    filename: 'endless.csv',
    contentType: 'text/csv',
    lines: (async function* () {
      try {
        for (;;) {
          state.produced++;
          yield `${'x'.repeat(1000)}\n`;
        }
      } finally {
        state.finished = true;
      }
    })(),
  })));
  app.get('/short', download(() => ({ filename: 'short.csv', contentType: 'text/csv', lines: ['a,b\n', '1,2\n'] as unknown as AsyncIterable<string> })));
  server = app.listen(0);
  await new Promise((ok) => server.once('listening', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((ok) => server.close(ok)));

describe('a streamed download', () => {
  it('sends every line with its file name', async () => {
    const res = await fetch(`${base}/short`);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="short.csv"');
    expect(await res.text()).toBe('a,b\n1,2\n');
  });

  it('stops reading its source when the client goes away mid-download', async () => {
    const abort = new AbortController();
    const res = await fetch(`${base}/endless`, { signal: abort.signal });
    const reader = res.body!.getReader();
    await reader.read();
    abort.abort();
    await eventually(() => state.finished || undefined, 5000, 'the source closed');
    expect(state.finished).toBe(true);
  });
});
