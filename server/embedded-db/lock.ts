import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface LockLogger {
  warn(obj: object, msg: string): void;
}

interface Owner {
  pid: number;
  /** The process's start time in clock ticks since boot (/proc/<pid>/stat): a reused PID has another. */
  start?: string;
  boot?: string;
  host: string;
}

const readFile = (p: string) => {
  try {
    return fs.readFileSync(p, 'utf8').trim();
  } catch {
    return undefined;
  }
};

/** Field 22 of /proc/<pid>/stat (after the parenthesised command name, which may hold spaces). */
function processStart(pid: number): string | undefined {
  const stat = readFile(`/proc/${pid}/stat`);
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

const BOOT_ID = readFile('/proc/sys/kernel/random/boot_id');

function me(): Owner {
  return { pid: process.pid, start: processStart(process.pid), boot: BOOT_ID, host: os.hostname() };
}

function alive(pid: number): boolean {
  try {
    return process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why the LOCK's owner no longer holds it, or undefined if it may still. */
function staleReason(owner: Owner, lockAgeMs: number, holdingSocket: boolean): string | undefined {
  const self = me();
  if (owner.host !== self.host) {
    // Another machine or container on a shared volume: we cannot see its processes, only whether it
    // still touches the file (the owner refreshes it every HEARTBEAT_MS).
    return lockAgeMs > FOREIGN_STALE_MS ? `owner on host ${owner.host} has not refreshed it for ${Math.round(lockAgeMs / 1000)} s` : undefined;
  }
  if (owner.boot && self.boot && owner.boot !== self.boot) return 'written before the machine restarted';
  // Only one open per process can hold the socket: a LOCK of our own PID was left by an earlier open.
  if (owner.pid === self.pid) return holdingSocket ? 'left by an earlier open in this process' : undefined;
  if (!alive(owner.pid)) return `process ${owner.pid} is gone`;
  if (owner.start && processStart(owner.pid) !== owner.start) return `PID ${owner.pid} now belongs to another process`;
  if (!owner.start) {
    // An earlier version's LOCK holds a PID alone: a live process that is not Node cannot be its owner.
    const cmd = readFile(`/proc/${owner.pid}/cmdline`);
    if (cmd !== undefined && !/node|tsx/.test(cmd)) return `PID ${owner.pid} now belongs to another program`;
  }
  return undefined;
}

function parseOwner(text: string | undefined): Owner | undefined {
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return { pid: Number(text), host: os.hostname() }; // written by an earlier version
  try {
    const o = JSON.parse(text) as Owner;
    return typeof o.pid === 'number' && typeof o.host === 'string' ? o : undefined;
  } catch {
    return undefined;
  }
}

const HEARTBEAT_MS = 10_000;
const FOREIGN_STALE_MS = 60_000;

export class DirectoryInUseError extends Error {}

/**
 * Exclusive use of a data directory by one process. Two parts, because neither alone is enough:
 * - An abstract Unix socket named after the directory's device and inode, bound while the database
 *   is open. The kernel grants it to one process at a time and frees it when the process dies, however
 *   it dies: two processes starting together cannot both win, and a crashed one never blocks. (Node has
 *   no flock or fcntl locks; a lock-file library that judges staleness by mtime would misjudge a
 *   database thread busy with one long command.)
 * - A LOCK file, created exclusively, naming the owner (PID, the process's start time, boot id, host),
 *   for processes outside our network namespace (another container on a shared volume) and for people.
 *   A LOCK whose owner is gone (a dead PID, a PID reused by another process, an earlier boot, a foreign
 *   host that stopped refreshing it) is taken over with a warning.
 */
export class DirectoryLock {
  private heartbeat?: NodeJS.Timeout;

  private constructor(
    private readonly file: string,
    private readonly socket: net.Server | undefined,
    private readonly content: string,
  ) {
    this.heartbeat = setInterval(() => {
      const now = new Date();
      fs.utimes(this.file, now, now, () => {});
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  static async acquire(dir: string, logger?: LockLogger): Promise<DirectoryLock> {
    const socket = await bindAbstract(dir);
    const file = path.join(dir, 'LOCK');
    const content = JSON.stringify(me());
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          fs.writeFileSync(file, content, { flag: 'wx' });
          return new DirectoryLock(file, socket, content);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
        }
        const text = readFile(file);
        const owner = parseOwner(text);
        let age = 0;
        try {
          age = Date.now() - fs.statSync(file).mtimeMs;
        } catch {
          continue; // removed meanwhile: try the exclusive create again
        }
        const reason = owner ? staleReason(owner, age, !!socket) : 'its content is unreadable';
        if (!reason) {
          throw new DirectoryInUseError(
            `data directory ${dir} is in use by process ${owner!.pid} on ${owner!.host} (its LOCK file); stop it first, or delete ${file} if you are sure no process uses the directory`,
          );
        }
        // Replaced in one rename, so nobody ever sees the directory without a LOCK.
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, content);
        fs.renameSync(tmp, file);
        logger?.warn({ dir, previous: text, reason }, 'embedded db: took over a stale LOCK of the data directory');
        return new DirectoryLock(file, socket, content);
      }
    } catch (err) {
      socket?.close();
      throw err;
    }
  }

  release(): void {
    clearInterval(this.heartbeat);
    if (readFile(this.file) === this.content) fs.rmSync(this.file, { force: true });
    this.socket?.close();
  }
}

/** Binds the directory's abstract socket (Linux only; elsewhere the LOCK file alone decides). */
async function bindAbstract(dir: string): Promise<net.Server | undefined> {
  if (process.platform !== 'linux') return undefined;
  const st = fs.statSync(dir);
  const name = `\0agent-console-db-${createHash('sha256').update(`${st.dev}:${st.ino}`).digest('hex').slice(0, 32)}`;
  const server = net.createServer((s) => s.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new DirectoryInUseError(`data directory ${dir} is in use by another process on this machine`) : err),
    );
    server.listen(name, () => resolve());
  });
  server.unref();
  return server;
}
