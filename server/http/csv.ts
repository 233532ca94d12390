import { stringify } from 'csv-stringify/sync';

/**
 * One CSV record (with its line break), written by csv-stringify: quoted where needed, and with
 * formula escaping, so a cell a person typed (a customer named `=HYPERLINK(...)`) never runs as a
 * formula in a spreadsheet: values starting with `=`, `+`, `-`, `@`, tab or CR get a leading `'`
 * (negative numbers stay numbers). Empty for nothing, dates as ISO 8601, objects as JSON.
 */
const OPTIONS = {
  escape_formulas: true,
  cast: {
    date: (d: Date) => d.toISOString(),
    boolean: (b: boolean) => String(b),
    object: (o: object) => JSON.stringify(o),
  },
};

export function csvLine(values: readonly unknown[]): string {
  return stringify([values.map((v) => (v === null ? undefined : v))], OPTIONS);
}
