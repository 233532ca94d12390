/**
 * Netstrings (`<length>:<bytes>,`), the framing evapi uses on its TCP link by default: a message may
 * arrive split over several reads or several in one, so the reader keeps what it has not framed yet.
 * Lengths count bytes, not characters (a caller's name may be in any script).
 */

export const encodeNetstring = (payload: string): Buffer => {
  const body = Buffer.from(payload, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length}:`), body, Buffer.from(',')]);
};

/** The largest message accepted: evapi events are a few hundred bytes; anything huge is a broken link. */
export const MAX_NETSTRING_BYTES = 64 * 1024;

export class NetstringError extends Error {}

/** Feeds bytes in, takes whole messages out; throws NetstringError on a stream that is not netstrings. */
export function createNetstringReader() {
  let pending: Buffer = Buffer.alloc(0);
  return {
    push(chunk: Buffer): string[] {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      const out: string[] = [];
      for (;;) {
        const colon = pending.indexOf(0x3a);
        if (colon < 0) {
          if (pending.length > 10) throw new NetstringError('netstring length too long or missing');
          break;
        }
        const digits = pending.subarray(0, colon).toString('latin1');
        if (!/^(0|[1-9]\d{0,9})$/.test(digits)) throw new NetstringError(`bad netstring length "${digits.slice(0, 12)}"`);
        const len = Number(digits);
        if (len > MAX_NETSTRING_BYTES) throw new NetstringError(`netstring of ${len} bytes is over the limit`);
        const end = colon + 1 + len;
        if (pending.length < end + 1) break;
        if (pending[end] !== 0x2c) throw new NetstringError('netstring not terminated by a comma');
        out.push(pending.subarray(colon + 1, end).toString('utf8'));
        pending = pending.subarray(end + 1);
      }
      return out;
    },
  };
}
