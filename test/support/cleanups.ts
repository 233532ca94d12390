import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/**
 * What a test acquires (a directory, a database, a server) is undone after it, newest first, whether the
 * test passed or not: `defer(undo)` as each thing is acquired; `tmpDir()` makes a directory under the
 * system's temporary one, named with `prefix`, and removes it with everything in it.
 */
export function cleanupsAfterEach(prefix = 'test-') {
  const undo: Array<() => unknown> = [];
  afterEach(async () => {
    for (const u of undo.splice(0).reverse()) await u();
  });
  const defer = (u: () => unknown) => void undo.push(u);
  const tmpDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    defer(() => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
  };
  return { defer, tmpDir };
}
