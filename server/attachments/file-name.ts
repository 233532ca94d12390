import { EXTENSION_OF, typeOfExtension, type AttachmentType } from './file-type.js';

export const MAX_NAME_LENGTH = 200;

/**
 * Characters a file name never keeps: control characters, and the bidirectional overrides that make
 * "invoice‮fdp.exe" read as "invoiceexe.pdf". Also the characters Windows refuses in a saved name.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069"*:<>?|]/g;

/**
 * A name a chat file can be shown and saved under: the last part of any path the sender gave, no
 * control or direction-changing characters, no leading dots, at most 200 characters (the extension
 * kept), and an extension that fits what the file is (so a PNG named "page.html" is saved as
 * "page.html.png", and a download never opens as something else). Pure.
 */
export function safeFileName(raw: string | undefined, type: AttachmentType): string {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  let name = base.replace(/\t/g, ' ').replace(UNSAFE, '').replace(/\s+/g, ' ').trim().replace(/^\.+/, '').trim();
  if (typeOfExtension(name) !== type) name = `${name || 'file'}.${EXTENSION_OF[type]}`;
  if (name.length <= MAX_NAME_LENGTH) return name;
  const ext = name.slice(name.lastIndexOf('.'));
  let stem = name.slice(0, MAX_NAME_LENGTH - ext.length);
  // A cut between the two halves of a surrogate pair (an emoji) would leave half a character.
  if (/[\ud800-\udbff]$/.test(stem)) stem = stem.slice(0, -1);
  return stem.trimEnd() + ext;
}
