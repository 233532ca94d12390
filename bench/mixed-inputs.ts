/*
 * What the mixed benchmark's actors type or upload, made from the data set itself: agents' search terms,
 * supervisors' campaign segments and the admin's customer import. Pure (a run's key aside), apart from the
 * scenario so that it reads as who does what, not as how their inputs are made.
 */
import { randomUUID } from 'node:crypto';
import type { SegmentFilter } from '../shared/schemas/campaign.js';

export type SampleCustomer = {
  firstName?: string | null;
  lastName?: string | null;
  companyName?: string | null;
  phones: Array<{ number: string }>;
  emails?: Array<{ address: string }>;
  addresses?: Array<{ region?: string | null }>;
  owned?: Array<{ category?: string | null }>;
};

/** What agents type: name prefixes (3–5 letters, some with the first name), full phone numbers and e-mails, mixed. */
export function searchTerms(sample: SampleCustomer[]): string[] {
  const out: string[] = [];
  sample.forEach((c, i) => {
    const name = c.lastName ?? c.companyName;
    switch (i % 4) {
      case 0:
        if (name) out.push(name.slice(0, 3 + (i % 3)));
        break;
      case 1:
        if (c.phones[0]) out.push(c.phones[0].number);
        break;
      case 2:
        if (c.emails?.[0]) out.push(c.emails[0].address);
        break;
      default:
        if (c.firstName && c.lastName) out.push(`${c.firstName} ${c.lastName.slice(0, 2)}`);
    }
  });
  return out.length ? out : ['a'];
}

/** Segments a supervisor would try in the builder: RFM groups, regions, categories, spend, combinations. */
export function segmentsOf(sample: SampleCustomer[]): SegmentFilter[] {
  const regions = [...new Set(sample.flatMap((c) => (c.addresses ?? []).map((a) => a.region).filter((r): r is string => !!r)))].slice(0, 12);
  const categories = [...new Set(sample.flatMap((c) => (c.owned ?? []).map((o) => o.category).filter((r): r is string => !!r)))].slice(0, 12);
  const at = <T>(xs: T[], i: number) => (xs.length ? [xs[i % xs.length]] : undefined);
  return [
    {},
    { segments: ['champions', 'loyal'] },
    { segments: ['at-risk', 'cant-lose'], phoneConsent: 'granted' },
    { atRisk: true },
    { kind: 'business' },
    { regions: at(regions, 0) },
    { regions: at(regions, 1), boughtCategories: at(categories, 0) },
    { boughtCategories: at(categories, 1), notBoughtCategories: at(categories, 2) },
    { minSpend: 500 },
    { minSpend: 2000, segments: ['champions'] },
    { notContactedForDays: 90 },
    { contactedWithinDays: 30, kind: 'person' },
    { ageBands: ['25-34', '35-44'], regions: at(regions, 2) },
  ];
}

/** `rows` new customers as an upload's CSV (names, a phone, an e-mail, an address), keyed per run. */
export function customerCsv(rows: number): string {
  const run = randomUUID().slice(0, 8);
  const first = ['Ana', 'Ben', 'Chloe', 'Dev', 'Elif', 'Femi', 'Greta', 'Hugo', 'Ines', 'Jon'];
  const last = ['Ashby', 'Brook', 'Carver', 'Dale', 'Ellis', 'Frost', 'Grant', 'Hale', 'Irving', 'Judd', 'Kerr', 'Lowe'];
  const lines = ['externalId,firstName,lastName,phone,email,line1,city,postcode,country'];
  for (let i = 0; i < rows; i++) {
    const f = first[i % first.length];
    const l = last[Math.floor(i / first.length) % last.length];
    lines.push(
      `IMP-${run}-${i},${f},${l},+4477009${String(i % 100_000).padStart(5, '0')},${f.toLowerCase()}.${l.toLowerCase()}.${run}.${i}@example.com,${1 + (i % 200)} High Street,Leeds,LS${1 + (i % 20)} ${1 + (i % 9)}AB,GB`,
    );
  }
  return lines.join('\n');
}
