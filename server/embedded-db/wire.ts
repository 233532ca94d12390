import { BSON, Double, Long } from 'bson';

/** Opcodes of the MongoDB wire protocol that a driver may send us. */
export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

/** Largest message we accept; mongod's default maxMessageSizeBytes. */
export const MAX_MESSAGE_BYTES = 48_000_000;
export const MAX_BSON_BYTES = 16 * 1024 * 1024;

const CHECKSUM_PRESENT = 1;
export const MORE_TO_COME = 2;

const DESERIALIZE = { promoteLongs: true, promoteValues: true, promoteBuffers: false } as const;

export interface Header {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export interface Request {
  header: Header;
  /** The command document, with OP_MSG kind-1 document sequences folded in as arrays. */
  command: Record<string, unknown>;
  /** OP_MSG flag bits (0 for OP_QUERY). */
  flags: number;
  legacy: boolean;
}

export class ProtocolError extends Error {}

export function readHeader(buf: Buffer): Header {
  return {
    length: buf.readInt32LE(0),
    requestId: buf.readInt32LE(4),
    responseTo: buf.readInt32LE(8),
    opCode: buf.readInt32LE(12),
  };
}

function readDocument(buf: Buffer, offset: number, end: number): { doc: Record<string, unknown>; next: number } {
  if (offset + 5 > end) throw new ProtocolError('truncated document');
  const size = buf.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new ProtocolError('invalid document length');
  const doc = BSON.deserialize(buf.subarray(offset, offset + size), DESERIALIZE);
  return { doc, next: offset + size };
}

function readCString(buf: Buffer, offset: number, end: number): { value: string; next: number } {
  const zero = buf.indexOf(0, offset);
  if (zero < 0 || zero >= end) throw new ProtocolError('unterminated string');
  return { value: buf.toString('utf8', offset, zero), next: zero + 1 };
}

/** Parses one complete message (header included). Throws ProtocolError on anything malformed. */
export function parseMessage(buf: Buffer): Request {
  const header = readHeader(buf);
  const end = header.length;
  if (header.opCode === OP_MSG) {
    const flags = buf.readUInt32LE(16);
    const sectionsEnd = flags & CHECKSUM_PRESENT ? end - 4 : end;
    let offset = 20;
    let command: Record<string, unknown> | undefined;
    const sequences: Array<[string, unknown[]]> = [];
    while (offset < sectionsEnd) {
      const kind = buf.readUInt8(offset);
      offset += 1;
      if (kind === 0) {
        const r = readDocument(buf, offset, sectionsEnd);
        command = r.doc;
        offset = r.next;
      } else if (kind === 1) {
        const size = buf.readInt32LE(offset);
        const seqEnd = offset + size;
        if (size < 5 || seqEnd > sectionsEnd) throw new ProtocolError('invalid document sequence length');
        const id = readCString(buf, offset + 4, seqEnd);
        const docs: unknown[] = [];
        let p = id.next;
        while (p < seqEnd) {
          const r = readDocument(buf, p, seqEnd);
          docs.push(r.doc);
          p = r.next;
        }
        sequences.push([id.value, docs]);
        offset = seqEnd;
      } else {
        throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
      }
    }
    if (!command) throw new ProtocolError('OP_MSG without a body section');
    for (const [id, docs] of sequences) command[id] = docs;
    return { header, command, flags, legacy: false };
  }
  if (header.opCode === OP_QUERY) {
    // flags(4) fullCollectionName(cstring) numberToSkip(4) numberToReturn(4) query [fieldSelector]
    const ns = readCString(buf, 20, end);
    const { doc } = readDocument(buf, ns.next + 8, end);
    const dbName = ns.value.split('.')[0];
    // Legacy drivers wrap the command as { $query: {...} }.
    const command = (doc.$query as Record<string, unknown> | undefined) ?? doc;
    command.$db ??= dbName;
    return { header, command, flags: 0, legacy: true };
  }
  throw new ProtocolError(`unsupported opCode ${header.opCode}`);
}

/** MongoDB answers `ok` as a double; some drivers look at the BSON type. */
function normalizeReply(reply: Record<string, unknown>): Record<string, unknown> {
  if (typeof reply.ok === 'number') reply.ok = new Double(reply.ok);
  return reply;
}

let nextRequestId = 1;

/** A cursor's batch as documents already serialized (cursors.ts): spliced into the reply as they are. */
export class RawDocs {
  constructor(readonly docs: Uint8Array[]) {}

  /** The batch as a BSON array: each element is type 3 (document), its index as key, then its bytes. */
  toArrayBytes(): Buffer {
    const parts: Uint8Array[] = [Buffer.alloc(4)];
    let length = 4 + 1;
    this.docs.forEach((doc, i) => {
      const head = Buffer.from(`\u0003${i}\u0000`, 'latin1');
      parts.push(head, doc);
      length += head.length + doc.length;
    });
    parts.push(Buffer.alloc(1));
    (parts[0] as Buffer).writeInt32LE(length, 0);
    return Buffer.concat(parts, length);
  }
}

/**
 * A reply's body. A cursor reply whose batch is RawDocs is serialized with an empty batch, and the
 * batch's bytes put in its place (the enclosing documents' lengths grow by as much).
 */
function encodeBody(reply: Record<string, unknown>): Uint8Array {
  const cursor = reply.cursor as Record<string, unknown> | undefined;
  const field = cursor && (cursor.firstBatch instanceof RawDocs ? 'firstBatch' : cursor.nextBatch instanceof RawDocs ? 'nextBatch' : undefined);
  if (!cursor || !field) return BSON.serialize(normalizeReply(reply), { ignoreUndefined: true });
  const raw = cursor[field] as RawDocs;
  // The batch first in its cursor, the cursor first in the reply: the empty array sits at a known place.
  const { [field]: _, ...restOfCursor } = cursor;
  const { cursor: __, ...restOfReply } = reply;
  const serialized = BSON.serialize(normalizeReply({ cursor: { [field]: [], ...restOfCursor }, ...restOfReply }), { ignoreUndefined: true });
  const shell = Buffer.from(serialized.buffer, serialized.byteOffset, serialized.byteLength);
  const cursorAt = 4 + 1 + 'cursor'.length + 1;
  const arrayAt = cursorAt + 4 + 1 + field.length + 1;
  const array = raw.toArrayBytes();
  const grow = array.length - 5;
  const body = Buffer.concat([shell.subarray(0, arrayAt), array, shell.subarray(arrayAt + 5)]);
  body.writeInt32LE(shell.readInt32LE(0) + grow, 0);
  body.writeInt32LE(shell.readInt32LE(cursorAt) + grow, cursorAt);
  return body;
}

export function encodeReply(request: Request, reply: Record<string, unknown>): Buffer {
  const body = encodeBody(reply);
  const requestId = nextRequestId++ & 0x7fffffff;
  if (request.legacy) {
    const head = Buffer.alloc(36);
    head.writeInt32LE(36 + body.length, 0);
    head.writeInt32LE(requestId, 4);
    head.writeInt32LE(request.header.requestId, 8);
    head.writeInt32LE(OP_REPLY, 12);
    head.writeInt32LE(0, 16); // responseFlags
    head.writeBigInt64LE(0n, 20); // cursorID
    head.writeInt32LE(0, 28); // startingFrom
    head.writeInt32LE(1, 32); // numberReturned
    return Buffer.concat([head, body]);
  }
  const head = Buffer.alloc(21);
  head.writeInt32LE(21 + body.length, 0);
  head.writeInt32LE(requestId, 4);
  head.writeInt32LE(request.header.requestId, 8);
  head.writeInt32LE(OP_MSG, 12);
  head.writeUInt32LE(0, 16);
  head.writeUInt8(0, 20);
  return Buffer.concat([head, body]);
}

export const cursorId = (id: number) => Long.fromNumber(id);
