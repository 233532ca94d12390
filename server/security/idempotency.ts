import { logUrl } from '../http/log-url.js';
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { Schema, Types, type Connection, type InferSchemaType } from 'mongoose';
import { IdempotencyState } from '../../shared/schemas/stored-states.js';
import type { Logger } from 'pino';
import { AppError, badRequest } from '../http/errors.js';

const IdempotencySchema = new Schema(
  {
    /** user id + method + path + the client's Idempotency-Key */
    _id: { type: String, required: true },
    state: { type: String, enum: IdempotencyState.options, required: true },
    /** SHA-256 of the request body: a key reused for a different request is refused. */
    request: String,
    status: Number,
    /** The answer exactly as sent (JSON text). */
    body: String,
    /**
     * Where the ids of what the request creates come from (`idempotentId`): kept across a failed try, so
     * a retry of a request that stored part of its work before failing finds that part, not a copy.
     */
    seed: Schema.Types.ObjectId,
    createdAt: { type: Date, required: true },
  },
  { strict: true, versionKey: false, minimize: false },
);
// Expires stored answers after 24 h (the window in which a client may retry a write).
IdempotencySchema.index({ createdAt: 1 }, { expireAfterSeconds: 24 * 3600 });
export type IdempotencyRecord = InferSchemaType<typeof IdempotencySchema>;

const KEY = /^[A-Za-z0-9_\-:.]{8,128}$/;
/** A claim older than this belongs to a request that will never finish (no request runs this long). */
const ABANDONED_AFTER_MS = 2 * 60 * 1000;

const seeds = new WeakMap<Request, Types.ObjectId>();
/**
 * The id of what this request creates under `purpose` (e.g. 'customer', 'audit'), the same on every try
 * of one Idempotency-Key: a retry of a request that failed after storing its customer but before its
 * audit entry finds that customer (an insert with the same id is a duplicate) instead of making a second.
 * The seed's time stays in front, so the ids still sort by creation. Undefined without a key.
 */
export function idempotentId(req: Request, purpose: string): Types.ObjectId | undefined {
  const seed = seeds.get(req);
  if (!seed) return undefined;
  const bytes = seed.id.slice();
  bytes.set(createHash('sha256').update(`${seed.toHexString()} ${purpose}`).digest().subarray(0, 8), 4);
  return new Types.ObjectId(bytes);
}

/**
 * `Idempotency-Key` on POST/PATCH: the first request with a key runs and its answer (status < 500) is
 * stored for 24 h under user + route + key; a retry with the same key gets the stored answer back
 * (header `Idempotent-Replayed: true`) and changes nothing. A retry while the first is still running
 * gets 409; the same key with a different body gets 422. A 5xx answer is not stored, so the client's
 * retry runs again, with the same `idempotentId`s. Mount after authentication and the JSON body parser.
 */
export async function idempotency(conn: Connection, logger: Logger) {
  const Idempotency = conn.models.Idempotency ?? conn.model('Idempotency', IdempotencySchema, 'idempotencykeys');
  await Idempotency.init();
  /**
   * Claims this process could not release (the database refused the write, e.g. on a full disk). They
   * belong to requests that are over, so a retry takes them over at once instead of waiting out
   * ABANDONED_AFTER_MS; a claim left by another process still waits.
   */
  const unreleased = new Set<string>();
  /** The claim is kept (with its seed) but marked failed: the retry runs at once, with the same ids. */
  const release = (id: string) =>
    Idempotency.updateOne({ _id: id, state: 'pending' }, { $set: { state: 'failed' } }).then(
      () => void unreleased.delete(id),
      (err: unknown) => {
        unreleased.add(id);
        logger.warn({ err }, 'idempotency: could not release a claim; a retry takes it over');
      },
    );
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.header('idempotency-key');
    if (header === undefined || (req.method !== 'POST' && req.method !== 'PATCH')) return next();
    if (!KEY.test(header)) return next(badRequest('Idempotency-Key must be 8–128 letters, digits or -_:.', undefined, 'BAD_IDEMPOTENCY_KEY'));
    const id = `${req.user?.userId ?? 'anonymous'} ${req.method} ${req.originalUrl.split('?')[0]} ${header}`;
    const request = createHash('sha256').update(JSON.stringify(req.body ?? null)).digest('hex');
    void (async () => {
      const existing = await Idempotency.findById(id).lean<IdempotencyRecord>();
      if (existing && existing.request && existing.request !== request)
        throw new AppError('KEY_REUSED', 'this Idempotency-Key was used for a different request', 422);
      if (existing?.state === 'done') {
        logger.info({ url: logUrl(req.originalUrl), key: header }, 'idempotent replay');
        res.setHeader('Idempotent-Replayed', 'true');
        return void res.status(existing.status ?? 200).type('application/json').send(existing.body ?? '');
      }
      const inProgress = () => new AppError('IN_PROGRESS', 'a request with this Idempotency-Key is still running', 409);
      let seed: Types.ObjectId;
      if (existing) {
        // A failed request's claim is taken over at once; a request that failed while the database could
        // not store anything may have left its claim pending (the release failed too): after a while it
        // is taken over, so the retry runs.
        const failed = existing.state === 'failed';
        if (!failed && !unreleased.has(id) && Date.now() - new Date(existing.createdAt).getTime() < ABANDONED_AFTER_MS) throw inProgress();
        seed = existing.seed ?? new Types.ObjectId();
        const taken = await Idempotency.updateOne({ _id: id, state: existing.state, createdAt: existing.createdAt }, { $set: { state: 'pending', createdAt: new Date(), seed } });
        if (taken.modifiedCount !== 1) throw inProgress();
        unreleased.delete(id);
        if (failed) logger.info({ url: logUrl(req.originalUrl), key: header }, 'idempotency: retrying a request that failed');
        else logger.warn({ url: logUrl(req.originalUrl), key: header }, 'idempotency: took over an abandoned claim');
      } else {
        seed = new Types.ObjectId();
        try {
          await Idempotency.create({ _id: id, state: 'pending', request, seed, createdAt: new Date() });
        } catch (err) {
          if ((err as { code?: number }).code === 11000) throw inProgress();
          throw err;
        }
      }
      seeds.set(req, seed);
      // The answer is stored before it is sent, so a retry arriving right after it finds it.
      const json = res.json.bind(res);
      let stored = false;
      res.json = (b: unknown) => {
        stored = true;
        const status = res.statusCode;
        const save =
          status < 500
            ? Idempotency.updateOne({ _id: id }, { $set: { state: 'done', status, body: b === undefined ? '' : JSON.stringify(b) } })
            : release(id);
        save.then(
          () => json(b),
          (err: unknown) => {
            logger.error({ err, key: header }, 'idempotency: could not store the answer');
            json(b);
          },
        );
        return res;
      };
      res.once('close', () => {
        if (!stored) void release(id);
      });
      next();
    })().catch(next);
  };
}
