import { describe, expect, it } from 'vitest';
import { safeFileName } from '../../server/attachments/file-name.js';
import { judgeType, sniffType } from '../../server/attachments/file-type.js';

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const PNG = bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13]);
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF');
const GIF87 = bytes('GIF87a', [1, 0, 1, 0]);
const GIF89 = bytes('GIF89a', [1, 0, 1, 0]);
const WEBP = bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ');
const PDF = bytes('%PDF-1.7\n%âãÏÓ');

describe('reading a file type from its first bytes', () => {
  it.each([
    ['a PNG', PNG, 'image/png'],
    ['a JPEG', JPEG, 'image/jpeg'],
    ['a GIF87a', GIF87, 'image/gif'],
    ['a GIF89a', GIF89, 'image/gif'],
    ['a WebP', WEBP, 'image/webp'],
    ['a PDF', PDF, 'application/pdf'],
    ['text', bytes('hello, this is text'), undefined],
    ['an HTML page', bytes('<!doctype html><script>'), undefined],
    ['an SVG (scripts can ride in it)', bytes('<svg xmlns="http://www.w3.org/2000/svg">'), undefined],
    ['a RIFF that is not WebP (a WAV)', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '), undefined],
    ['a ZIP', bytes('PK', [3, 4, 20, 0, 0, 0, 0, 0, 0, 0]), undefined],
    ['a PNG cut short', PNG.subarray(0, 5), undefined],
    ['nothing', Buffer.alloc(0), undefined],
  ])('%s → %s', (_what, head, type) => {
    expect(sniffType(head)).toBe(type);
  });
});

describe('taking a file as what its content is', () => {
  it.each([
    ['a PNG named .png', PNG, { name: 'photo.png', contentType: 'image/png' }, { ok: true, type: 'image/png' }],
    ['a JPEG sent as octet-stream with no extension', JPEG, { name: 'scan', contentType: 'application/octet-stream' }, { ok: true, type: 'image/jpeg' }],
    ['a JPEG named .png (an image all the same)', JPEG, { name: 'photo.png' }, { ok: true, type: 'image/jpeg' }],
    ['a PDF named .pdf', PDF, { name: 'invoice.PDF', contentType: 'application/pdf' }, { ok: true, type: 'application/pdf' }],
    ['text named .png', bytes('not an image at all'), { name: 'photo.png', contentType: 'image/png' }, { ok: false, reason: 'unsupported' }],
    ['a PDF named .png', PDF, { name: 'photo.png' }, { ok: false, reason: 'mismatch' }],
    ['a PDF declared image/jpeg', PDF, { name: 'x', contentType: 'image/jpeg; charset=binary' }, { ok: false, reason: 'mismatch' }],
    ['a PNG named .pdf', PNG, { name: 'contract.pdf' }, { ok: false, reason: 'mismatch' }],
    ['an HTML page named .html', bytes('<html>'), { name: 'page.html', contentType: 'text/html' }, { ok: false, reason: 'unsupported' }],
  ])('%s', (_what, head, declared, verdict) => {
    expect(judgeType(head, declared)).toEqual(verdict);
  });
});

describe('a safe file name', () => {
  it.each([
    ['photo.png', 'image/png', 'photo.png'],
    ['../../etc/passwd.png', 'image/png', 'passwd.png'],
    ['C:\\Users\\ada\\Desktop\\scan.pdf', 'application/pdf', 'scan.pdf'],
    ['bad\u0000name\r\n.png', 'image/png', 'badname.png'],
    ['invoice\u202Efdp.exe', 'application/pdf', 'invoicefdp.exe.pdf'],
    ['page.html', 'image/png', 'page.html.png'],
    ['..hidden.gif', 'image/gif', 'hidden.gif'],
    ['', 'image/jpeg', 'file.jpg'],
    [undefined, 'image/webp', 'file.webp'],
    ['   ', 'application/pdf', 'file.pdf'],
    ['Photo.JPEG', 'image/jpeg', 'Photo.JPEG'],
    ['a  lot   of\tspace.png', 'image/png', 'a lot of space.png'],
  ] as const)('%j as %s → %j', (raw, type, name) => {
    expect(safeFileName(raw, type)).toBe(name);
  });

  it('cuts a long name to 200 characters, keeping its extension and whole characters', () => {
    const long = safeFileName(`${'a'.repeat(300)}.png`, 'image/png');
    expect(long).toHaveLength(200);
    expect(long.endsWith('.png')).toBe(true);
    const emoji = safeFileName(`${'a'.repeat(195)}😀😀😀.pdf`, 'application/pdf');
    expect(emoji.length).toBeLessThanOrEqual(200);
    expect(emoji).toBe(`${'a'.repeat(195)}.pdf`);
    expect(emoji.endsWith('.pdf')).toBe(true);
  });
});
