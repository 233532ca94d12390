import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { commands, type CommandContext } from './commands/index.js';
import { Cursors } from './cursors.js';
import { CommandError, commandNotFound, illegalOperation, toCommandError } from './errors.js';
import type { Doc } from './keys.js';
import { countCommand, newOpCounters } from './opcounters.js';
import { Storage } from './storage.js';
import type { ReaderBudgetOptions } from './reader-budget.js';
import { noteShortCommand, setReaderBudget } from './slices.js';
import { namespaceOf, newTop, recordTop } from './top.js';
import { MAX_MESSAGE_BYTES, MORE_TO_COME, ProtocolError, type Request, encodeReply, parseMessage } from './wire.js';

export interface Logger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error?(obj: object | string, msg?: string): void;
}

export interface EmbeddedDbOptions {
  /** Data directory; omit for an in-memory database (unit tests). */
  dir?: string;
  host?: string;
  /**
   * Also listen on a Unix socket of this process (as mongod does), named by `uri`: a driver in the same
   * process reaches it without TCP's loopback work, which the console's thread paid on each command.
   */
  unixSocket?: boolean;
  /** 0 picks a free port. */
  port?: number;
  compactBytes?: number;
  logger?: Logger;
  /** Commands taking at least this long are logged with their shape (MongoDB's slowms; default 100). */
  slowMs?: number;
  /** Long readers' part of the thread while short commands keep coming (reader-budget.ts); defaults suit a console. */
  readerBudget?: Partial<ReaderBudgetOptions>;
  /** Start even from damaged files, recovering what can be read (DB_REPAIR=1, as `mongod --repair`). */
  repair?: boolean;
  /** Collections whose documents memory keeps as BSON (storage.ts `packed`). */
  packed?: readonly string[];
}

export interface EmbeddedDb {
  uri: string;
  port: number;
  storage: Storage;
  close(): Promise<void>;
}

/** Fields the driver adds to every command that say nothing about what to do. */
const GENERIC_FIELDS = new Set(['$db', 'lsid', '$clusterTime', '$readPreference', 'apiVersion', 'writeConcern', 'readConcern']);

/** A filter or command with its values blanked: what a slow-command log may show (no customer data). */
function shapeOf(v: unknown, depth = 0): unknown {
  if (Array.isArray(v)) return v.length ? [shapeOf(v[0], depth + 1)] : [];
  if (v && typeof v === 'object' && !('_bsontype' in v) && !(v instanceof Date) && depth < 4)
    return Object.fromEntries(Object.entries(v as Doc).map(([k, x]) => [k, shapeOf(x, depth + 1)]));
  return 1;
}

function describe(command: Doc) {
  const name = Object.keys(command).find((k) => !GENERIC_FIELDS.has(k)) ?? '';
  const filter = command.filter ?? command.query ?? (Array.isArray(command.updates) ? (command.updates[0] as Doc | undefined)?.q : undefined);
  return {
    op: name,
    collection: command[name],
    ...(filter ? { filter: shapeOf(filter) } : {}),
    // Sort keys and directions say nothing about anyone: shown as they are.
    ...(command.sort ? { sort: command.sort } : {}),
    ...(command.pipeline ? { pipeline: shapeOf(command.pipeline) } : {}),
  };
}

async function runCommand(command: Doc, ctx: CommandContext): Promise<Doc> {
  const name = Object.keys(command).find((k) => !GENERIC_FIELDS.has(k));
  if (!name) throw commandNotFound('');
  countCommand(ctx.opcounters, name, command);
  const db = typeof command.$db === 'string' ? command.$db : 'admin';
  if (command.startTransaction || command.autocommit === false) {
    throw illegalOperation('Transaction numbers are only allowed on a replica set member or mongos');
  }
  const handler = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!handler) throw commandNotFound(name);
  // Compaction is switching journals: start once it has (a few milliseconds).
  while (ctx.storage.gate) await ctx.storage.gate;
  const started = performance.now();
  try {
    return await handler(command, db, ctx);
  } finally {
    recordTop(ctx.top, namespaceOf(name, command, db), name, performance.now() - started);
    // Noted as it ends, so a long reader's own command never counts as someone else waiting; a cursor's
    // next batch follows a reader already under way.
    if (name !== 'getMore' && name !== 'killCursors') noteShortCommand();
  }
}

/**
 * Starts a MongoDB-wire-protocol server backed by the embedded storage engine.
 * Each connection handles its messages in order; bad bytes close only that connection.
 */
export async function startEmbeddedDb(opts: EmbeddedDbOptions = {}): Promise<EmbeddedDb> {
  const log = opts.logger;
  const slowMs = opts.slowMs ?? 100;
  if (opts.readerBudget) setReaderBudget(opts.readerBudget);
  const storage = await Storage.open({ dir: opts.dir, compactBytes: opts.compactBytes, repair: opts.repair, packed: opts.packed, logger: log, slowMs });
  const cursors = new Cursors();
  const opcounters = newOpCounters();
  const top = newTop();
  const sockets = new Set<net.Socket>();
  let connections = 0;

  const onConnection = (socket: net.Socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const ctx: CommandContext = { storage, cursors, connectionId: ++connections, opcounters, top };
    let chain = Promise.resolve();

    const fail = (reason: string) => {
      log?.warn({ connectionId: ctx.connectionId, reason }, 'embedded db: closing connection on malformed input');
      socket.destroy();
    };

    const handle = async (request: Request) => {
      let reply: Doc;
      const started = performance.now();
      try {
        reply = await runCommand(request.command, ctx);
        const ms = performance.now() - started;
        if (ms >= slowMs) log?.warn({ ms: Math.round(ms), ...describe(request.command) }, 'embedded db: slow command');
      } catch (err) {
        const e = toCommandError(err);
        if (!(err instanceof CommandError)) log?.warn({ err: e.message }, 'embedded db: command failed');
        reply = e.toReply();
      }
      if (request.flags & MORE_TO_COME) return; // unacknowledged write: the client expects no reply
      if (!socket.destroyed) socket.write(encodeReply(request, reply));
    };

    // Chunks of an incomplete message wait in a list and are joined once, when the message is whole:
    // joining the whole buffer on every chunk made a 15 MB insert quadratic (seconds of copying).
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    socket.on('data', (chunk: Buffer) => {
      pending.push(chunk);
      pendingBytes += chunk.length;
      while (pendingBytes >= 4) {
        if (pending[0].length < 4) pending = [Buffer.concat(pending)];
        const length = pending[0].readInt32LE(0);
        if (length < 16 || length > MAX_MESSAGE_BYTES) return fail(`message length ${length} out of range`);
        if (pendingBytes < length) return;
        const buffered = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
        const message = buffered.subarray(0, length);
        const rest = buffered.subarray(length);
        pending = rest.length ? [rest] : [];
        pendingBytes = rest.length;
        let request: Request;
        try {
          request = parseMessage(message);
        } catch (err) {
          return fail(err instanceof ProtocolError ? err.message : `unparseable message: ${(err as Error).message}`);
        }
        chain = chain.then(() => handle(request));
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  };
  const server = net.createServer(onConnection);

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  // Named after this process and port (unique while both live); one a killed process left is replaced.
  const socketPath = opts.unixSocket ? path.join(os.tmpdir(), `embedded-db-${process.pid}-${port}.sock`) : undefined;
  const local = socketPath ? net.createServer(onConnection) : undefined;
  if (local && socketPath) {
    fs.rmSync(socketPath, { force: true });
    await new Promise<void>((resolve, reject) => {
      local.once('error', reject);
      local.listen(socketPath, () => resolve());
    });
  }

  return {
    uri: socketPath ? `mongodb://${encodeURIComponent(socketPath)}` : `mongodb://${host}:${port}`,
    port,
    storage,
    async close() {
      await new Promise<void>((resolve) => {
        local?.close();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      cursors.close();
      await storage.close();
    },
  };
}
