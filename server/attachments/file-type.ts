/**
 * What a chat file is, read from its first bytes (never from its name or the header the sender chose:
 * both are the sender's say). Pure: the upload routes pass the first bytes and what was declared.
 */

export const ATTACHMENT_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** How many leading bytes `sniffType` needs (WebP's tag is at bytes 8–11). */
export const SNIFF_BYTES = 12;

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** Magic numbers; `null` is any byte (a RIFF container's length). */
const SIGNATURES: Array<{ type: AttachmentType; bytes: Array<number | null> }> = [
  { type: 'image/png', bytes: [0x89, ...ascii('PNG'), 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/gif', bytes: ascii('GIF87a') },
  { type: 'image/gif', bytes: ascii('GIF89a') },
  { type: 'image/webp', bytes: [...ascii('RIFF'), null, null, null, null, ...ascii('WEBP')] },
  { type: 'application/pdf', bytes: ascii('%PDF-') },
];

/** The type of a file from its first bytes; undefined when it is none of the accepted ones. */
export function sniffType(head: Uint8Array): AttachmentType | undefined {
  return SIGNATURES.find((s) => s.bytes.length <= head.length && s.bytes.every((b, i) => b === null || head[i] === b))?.type;
}

/** File name extensions, and what each says the file is. */
const EXTENSIONS: Record<string, AttachmentType> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jfif: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
};
export const extensionOf = (name: string) => /\.([A-Za-z0-9]{1,10})$/.exec(name)?.[1]?.toLowerCase();
export const typeOfExtension = (name: string): AttachmentType | undefined => EXTENSIONS[extensionOf(name) ?? ''];
/** The usual extension of a type (for a name that lacks a fitting one). */
export const EXTENSION_OF: Record<AttachmentType, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'application/pdf': 'pdf' };

const kindOf = (type: string) => (type.startsWith('image/') ? 'image' : type === 'application/pdf' ? 'pdf' : 'other');

export type TypeVerdict = { ok: true; type: AttachmentType } | { ok: false; reason: 'unsupported' | 'mismatch' };

/**
 * Whether a file is taken, and as what: its content must be one of the accepted types, and a file
 * declared an image (by its name or its Content-Type) must be an image, one declared a PDF a PDF — a
 * "photo.png" that is a script or a document is refused, not passed on under a harmless name.
 * Undeclared kinds (application/octet-stream, no extension) go by the content alone.
 */
export function judgeType(head: Uint8Array, declared: { name?: string; contentType?: string }): TypeVerdict {
  const type = sniffType(head);
  if (!type) return { ok: false, reason: 'unsupported' };
  const claims = [declared.name ? typeOfExtension(declared.name) : undefined, declared.contentType?.split(';')[0]?.trim().toLowerCase()]
    .filter((c): c is string => !!c)
    .map(kindOf)
    .filter((k) => k !== 'other');
  if (claims.some((k) => k !== kindOf(type))) return { ok: false, reason: 'mismatch' };
  return { ok: true, type };
}
