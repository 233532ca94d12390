import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The client built for this run (`npm start`'s build), or '' when the run has no browser test. */
    clientDir: string;
  }
}

const root = path.resolve(import.meta.dirname, '../..');
/** A test file that drives a browser (it imports this folder's browser.ts) needs the built client. */
const usesBrowser = (file: string) => /support\/browser(\.js)?['"]/.test(fs.readFileSync(file, 'utf8'));

let outDir: string | undefined;

/**
 * Builds the client once per test run, as `npm start` does, into a directory of this run's own
 * (two runs at once must not overwrite each other's files); every browser test file serves it. A run
 * without browser tests (`vitest run test/client`) builds nothing.
 */
export async function setup(project: TestProject) {
  project.provide('clientDir', '');
  if (!(await runIncludesBrowserTests(project))) return;
  outDir = path.join(root, 'test-results', `client-build-run-${process.pid}`);
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  // The website chat widget (`npm run build` makes it too): widget.js beside the console's files.
  await build({ configFile: path.join(root, 'vite.widget.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: false } });
  project.provide('clientDir', outDir);
}

export async function teardown() {
  if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
}

/**
 * Whether the files this run will test include a browser test. The run's file filters are not part of
 * vitest's public API; without them (another vitest version) the answer is yes, and the client is built.
 */
async function runIncludesBrowserTests(project: TestProject): Promise<boolean> {
  try {
    const vitest = project.vitest as unknown as { filenamePattern?: string[] };
    const specs = await project.vitest.globTestSpecifications(vitest.filenamePattern ?? []);
    return specs.some((s) => usesBrowser(s.moduleId));
  } catch {
    return true;
  }
}
