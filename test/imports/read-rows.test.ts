import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readRows } from '../../server/imports/read-rows.js';

/** What the whole file parsed in one piece gives (the sliced reading must give the same). */
const inOnePiece = (content: string) =>
  (parseCsv(content, { columns: (h: string[]) => h.map((x) => x.trim()), bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true }) as Array<{ record: unknown; info: { lines: number } }>).map(
    ({ record, info }) => ({ row: info.lines, data: record }),
  );

describe('reading a CSV upload a slice at a time', () => {
  it('gives the rows of the whole file, whatever falls on a slice edge', async () => {
    // Rows of varied length so that slice edges (every 65,536 characters) fall inside names, quoted
    // fields with line breaks, and the two halves of emoji.
    const lines = ['\uFEFFexternalId, firstName ,lastName,note'];
    for (let i = 0; lines.join('\n').length < 300_000; i++)
      lines.push(`X${i},${'Ioana🙂'.repeat(1 + (i % 7))},"Pop, ${i}","line one\nline two ${'中'.repeat(i % 13)}"`);
    let content = lines.join('\n') + '\n\n';
    // The first edge falls between an emoji's two halves: the first row's note is padded to put one there.
    let high = 65_535;
    while (!/[\uD800-\uDBFF]/.test(content[high])) high--;
    const at = content.indexOf('line one');
    content = content.slice(0, at) + 'x'.repeat(65_535 - high) + content.slice(at);
    expect(content[65_535]).toMatch(/[\uD800-\uDBFF]/);
    const rows = await readRows(content, 'csv');
    expect(rows).toEqual(inOnePiece(content));
    expect(rows.length).toBeGreaterThan(1000);
    expect(rows.at(-1)!.data).toMatchObject({ externalId: `X${rows.length - 1}` });
  });

  it('refuses a file that is not CSV with a 400 saying where', async () => {
    const content = `externalId,firstName\n${'A1,Ana\n'.repeat(20_000)}A2,"unclosed\n`;
    await expect(readRows(content, 'csv')).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^the file is not valid CSV: .*Quote Not Closed/) });
  });
});
