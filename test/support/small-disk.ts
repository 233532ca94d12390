import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A real, small file system that fills up: a tmpfs mount of `sizeKb`. Needs the right to mount (root
 * in a container with CAP_SYS_ADMIN, as on our machines and CI); returns undefined where it cannot.
 */
export function mountSmallDisk(sizeKb: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'small-disk-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  const filler = path.join(dir, 'filler');
  return {
    dir,
    /** Fills every free byte, keeping `reserveKb` in a file of its own that `free` can hand back. */
    fill(reserveKb = 0) {
      if (reserveKb) fs.writeFileSync(path.join(dir, 'reserve'), Buffer.alloc(reserveKb * 1024));
      const fd = fs.openSync(filler, 'a');
      try {
        for (const size of [1 << 20, 64 << 10, 4 << 10, 512, 64, 1]) {
          const chunk = Buffer.alloc(size);
          for (;;) {
            try {
              fs.writeSync(fd, chunk);
            } catch (err) {
              if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
              throw err;
            }
          }
        }
      } finally {
        fs.closeSync(fd);
      }
    },
    /** Frees the reserve only. */
    freeReserve() {
      fs.rmSync(path.join(dir, 'reserve'), { force: true });
    },
    /** Frees everything the filler took. */
    free() {
      fs.rmSync(filler, { force: true });
      fs.rmSync(path.join(dir, 'reserve'), { force: true });
    },
    unmount() {
      spawnSync('umount', ['-l', dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type SmallDisk = NonNullable<ReturnType<typeof mountSmallDisk>>;
