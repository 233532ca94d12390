import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const outDir = path.join(root, 'test-results', `widget-build-${process.pid}`);
/** Everything a host page downloads for the widget (issue 18's budget). */
const BUDGET = 40 * 1024;

let files: string[];
let code: string;

beforeAll(async () => {
  await build({ configFile: path.join(root, 'vite.widget.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  files = fs.readdirSync(outDir, { recursive: true }).map(String);
  code = fs.readFileSync(path.join(outDir, 'widget.js'), 'utf8');
}, 60_000);
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

describe('the widget bundle', () => {
  it(`stays within ${BUDGET / 1024} kB gzipped`, () => {
    const gzipped = zlib.gzipSync(code, { level: 9 }).length;
    console.log(`widget.js: ${(code.length / 1024).toFixed(1)} kB, ${(gzipped / 1024).toFixed(1)} kB gzipped`);
    expect(gzipped).toBeLessThanOrEqual(BUDGET);
  });

  it('is one script: no chunks, no CSS file (styles live in its shadow root)', () => {
    expect(files).toEqual(['widget.js']);
  });

  it('is a classic script that leaves no globals (an IIFE), minified', () => {
    expect(code.startsWith('(function(')).toBe(true);
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    // Minified: no indented lines, no comments (the styles' string keeps its own line breaks).
    expect(code).not.toMatch(/\n[ \t]+\S/);
    expect(code).not.toContain('The widget: a launcher button');
  });

  it('carries no Vue, vue-i18n or zod', () => {
    for (const marker of ['__vue_app__', '@vue/', 'createI18n', 'ZodError', '_zod']) expect(code, marker).not.toContain(marker);
  });
});

/** The widget's source: only type imports from the console's shared and client code, so none of it is bundled. */
describe('the widget source', () => {
  const dir = path.join(root, 'client/widget');
  const sources = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));
  it.each(sources)('%s imports the console only for types', (file) => {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const runtime = [...text.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
    // '../i18n/define' is the typed identity function of the catalogues: it brings nothing else.
    expect(runtime.filter((m) => !m.startsWith('./') && m !== 'socket.io-client' && m !== '../i18n/define')).toEqual([]);
  });
});
