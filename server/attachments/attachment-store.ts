import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose, { type Connection, Types } from 'mongoose';
import type { ChatAttachment } from '../../shared/schemas/interaction.js';
import { AppError, invalid } from '../http/errors.js';
import { safeFileName } from './file-name.js';
import { type AttachmentType, judgeType, SNIFF_BYTES } from './file-type.js';

/** The GridFS bucket of chat files: collections `chatfiles.files` and `chatfiles.chunks`. */
export const BUCKET = 'chatfiles';

/** What a chat file's GridFS `metadata` holds. */
interface FileMetadata {
  interactionId: Types.ObjectId;
  type: AttachmentType;
  /** Who sent it: a visitor (through the widget) or an agent. */
  by: 'visitor' | 'agent';
  /** The agent's user id, or the visitor's session id. */
  uploader: string;
}
interface FileDoc {
  _id: Types.ObjectId;
  length: number;
  filename: string;
  metadata?: FileMetadata;
}

/** A stored chat file: its reference in messages, and whose chat it belongs to. */
export interface StoredAttachment {
  attachment: ChatAttachment;
  interactionId: string;
  by: FileMetadata['by'];
  uploader: string;
}

export const fileTooLarge = (maxBytes: number) => new AppError('FILE_TOO_LARGE', `the file is larger than ${maxBytes} bytes`, 413, undefined, { limit: maxBytes });
export const unsupportedType = (reason: 'unsupported' | 'mismatch') =>
  new AppError(
    'UNSUPPORTED_FILE_TYPE',
    reason === 'mismatch' ? 'the file is not what its name or type says it is' : 'only PNG, JPEG, GIF and WebP images and PDF documents can be sent',
    415,
    undefined,
    { reason },
  );

const toStored = (f: FileDoc): StoredAttachment | null =>
  f.metadata?.interactionId
    ? {
        attachment: { id: String(f._id), name: f.filename, type: f.metadata.type, size: f.length },
        interactionId: String(f.metadata.interactionId),
        by: f.metadata.by,
        uploader: f.metadata.uploader,
      }
    : null;

/**
 * Chat files (images and PDFs) in GridFS through the mongo driver: the only writer of the `chatfiles`
 * bucket. A file is taken only when its content is an accepted type (the name and the sender's
 * Content-Type are believed only where they agree), and it is acknowledged only once its last chunk and
 * its files document are written (GridFS writes the files document last, so a file that is listed is
 * whole). Who may read a file is decided by the routes, from the interaction it belongs to.
 */
export function createAttachmentStore(conn: Connection, opts: { maxBytes: number }) {
  let bucket: InstanceType<typeof mongoose.mongo.GridFSBucket> | undefined;
  const files = () => conn.db!.collection<FileDoc>(`${BUCKET}.files`);
  const gridfs = () => (bucket ??= new mongoose.mongo.GridFSBucket(conn.db!, { bucketName: BUCKET }));

  async function find(id: string): Promise<StoredAttachment | null> {
    if (!Types.ObjectId.isValid(id) || !/^[a-f0-9]{24}$/i.test(id)) return null;
    const f = await files().findOne({ _id: new Types.ObjectId(id) });
    return f ? toStored(f) : null;
  }

  return {
    maxBytes: opts.maxBytes,

    /** The index erasure finds a chat's files by; GridFS makes its own on the first upload. */
    async init() {
      await files().createIndex({ 'metadata.interactionId': 1 });
    },

    /** Checks and stores one file of a chat; answers its reference once it is durably stored. */
    async save(input: {
      interactionId: string | Types.ObjectId;
      name?: string;
      contentType?: string;
      data: Buffer;
      by: FileMetadata['by'];
      uploader: string;
    }): Promise<ChatAttachment> {
      const { data } = input;
      if (!data.length) throw invalid('EMPTY_FILE', 'the file is empty');
      if (data.length > opts.maxBytes) throw fileTooLarge(opts.maxBytes);
      const verdict = judgeType(data.subarray(0, SNIFF_BYTES), { name: input.name, contentType: input.contentType });
      if (!verdict.ok) throw unsupportedType(verdict.reason);
      const name = safeFileName(input.name, verdict.type);
      const metadata: FileMetadata = { interactionId: new Types.ObjectId(String(input.interactionId)), type: verdict.type, by: input.by, uploader: input.uploader };
      const upload = gridfs().openUploadStream(name, { metadata });
      await pipeline(Readable.from([data]), upload);
      return { id: String(upload.id), name, type: verdict.type, size: data.length };
    },

    find,

    /** The file's reference when it belongs to this chat; null when it does not exist or belongs to another. */
    async belongsTo(id: string, interactionId: string | Types.ObjectId): Promise<ChatAttachment | null> {
      const f = await find(id);
      return f && f.interactionId === String(interactionId) ? f.attachment : null;
    },

    /** The file's bytes, as a stream (its reference checked first with `find`). */
    stream(id: string): Readable {
      return gridfs().openDownloadStream(new Types.ObjectId(id));
    },

    /** Deletes every file of these chats (erasure); answers how many. */
    async deleteOf(interactionIds: Types.ObjectId[]): Promise<number> {
      if (!interactionIds.length) return 0;
      const found = await files()
        .find({ 'metadata.interactionId': { $in: interactionIds } }, { projection: { _id: 1 } })
        .toArray();
      // The driver deletes the files document, then the chunks: a file half deleted is no longer listed.
      for (const f of found) {
        try {
          await gridfs().delete(f._id);
        } catch (err) {
          // Deleted meanwhile (two erasures at once): gone is what was asked.
          if (!/file not found/i.test(String((err as Error).message))) throw err;
        }
      }
      return found.length;
    },
  };
}
export type AttachmentStore = ReturnType<typeof createAttachmentStore>;
