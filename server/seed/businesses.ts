import { addressIn, consentsFor, type Directory, landlineFor, mobileFor, uniqueEmail } from './contact.js';
import { asciiFold, COUNTRY_WEIGHTS, type Country, fullNameIn, LOCALES, type Locale } from './locales.js';
import { ATTITUDES, blankActivity, contactTime, customerSince, preferredChannel, relate } from './profile.js';
import type { Rng } from './random.js';
import type { SeedBusiness, SeedCustomer } from './types.js';

/** Industries we sell to, the word each country's company names use for it, and what they buy. */
const INDUSTRIES: ReadonlyArray<{ industry: string; word: Record<Country, string>; buys: string[] }> = [
  { industry: 'hospitality', word: { GB: 'Hotels', FR: 'Hôtel', DE: 'Hotelbetriebe', RO: 'Hotel', HU: 'Szálloda', IR: 'هتل', CN: '酒店' }, buys: ['dishwashers', 'washing-machines', 'tvs', 'vacuum-cleaners', 'coffee-machines'] },
  { industry: 'restaurant', word: { GB: 'Kitchen', FR: 'Restaurant', DE: 'Gastro', RO: 'Catering', HU: 'Vendéglátó', IR: 'رستوران', CN: '餐饮' }, buys: ['dishwashers', 'fridges', 'coffee-machines', 'microwaves'] },
  { industry: 'dental practice', word: { GB: 'Dental Care', FR: 'Cabinet dentaire', DE: 'Zahnarztpraxis', RO: 'Dental', HU: 'Fogászat', IR: 'دندانپزشکی', CN: '口腔' }, buys: ['printers', 'laptops', 'coffee-machines', 'tvs'] },
  { industry: 'accountancy', word: { GB: 'Accountants', FR: 'Expertise', DE: 'Steuerberatung', RO: 'Contabilitate', HU: 'Könyvelő', IR: 'حسابداری', CN: '财务' }, buys: ['printers', 'laptops', 'coffee-machines'] },
  { industry: 'property management', word: { GB: 'Lettings', FR: 'Immobilier', DE: 'Immobilien', RO: 'Imobiliare', HU: 'Ingatlan', IR: 'املاک', CN: '物业' }, buys: ['washing-machines', 'fridges', 'dishwashers', 'microwaves', 'tumble-dryers'] },
  { industry: 'IT services', word: { GB: 'IT Solutions', FR: 'Informatique', DE: 'IT-Service', RO: 'Software', HU: 'Informatika', IR: 'فناوری اطلاعات', CN: '信息技术' }, buys: ['laptops', 'tvs', 'printers', 'coffee-machines'] },
  { industry: 'café', word: { GB: 'Coffee Co.', FR: 'Café', DE: 'Kaffeehaus', RO: 'Cafenea', HU: 'Kávézó', IR: 'کافه', CN: '咖啡' }, buys: ['coffee-machines', 'dishwashers', 'fridges'] },
  { industry: 'education', word: { GB: 'Academy', FR: 'École', DE: 'Bildungszentrum', RO: 'Academia', HU: 'Oktatási Központ', IR: 'آموزشگاه', CN: '教育' }, buys: ['laptops', 'printers', 'tvs'] },
];
const COMPETITORS = ['ApplianceHub', 'ElectroWorld', 'Kitchen Direct', 'OfficeMart', 'MegaTech Supplies', 'HomeStore Online'];
const PRACTICES = [
  'Office manager buys ad hoc, pays by card',
  'Three quotes required above 1,000',
  'Annual framework agreement, quarterly orders',
  'Buys on price; switches supplier readily',
  'Central procurement approves every order',
  'Replaces equipment on a fixed five-year cycle',
];
const TEAM_ROLES = ['office manager', 'procurement manager', 'finance director', 'facilities manager', 'owner'];

/** Company size bands, weighted towards the small firms a retailer's business desk mostly serves. */
function employeesOf(rng: Rng): number {
  const [min, max] = rng.weighted([[[2, 9], 50], [[10, 49], 35], [[50, 249], 12], [[250, 1000], 3]] as const);
  return rng.int(min, max);
}

function profileOf(rng: Rng, industry: string): SeedBusiness {
  const contractStatus = rng.weighted([['active', 50], ['renewal-due', 15], ['prospect', 15], ['lapsed', 20]] as const);
  // Our share of their spend follows the relationship: high with an active contract, near zero for prospects.
  const share = { active: [0.3, 0.85], 'renewal-due': [0.25, 0.7], prospect: [0, 0.1], lapsed: [0.02, 0.25] }[contractStatus];
  return {
    industry,
    employees: employeesOf(rng),
    contractStatus,
    shareOfWallet: Math.round(rng.float(share[0], share[1]) * 100) / 100,
    competitors: rng.sample(COMPETITORS, rng.int(0, 3)).sort(),
    buyingPractices: rng.pick(PRACTICES),
    buyingTeam: [],
  };
}

function businessIn(rng: Rng, dir: Directory, now: Date, locale: Locale, founder: string, family: boolean, taken: Set<string>): SeedCustomer {
  let sector = rng.pick(INDUSTRIES);
  let city = rng.pick(locale.cities);
  let companyName = locale.company(rng, founder, city.name, sector.word[locale.country], family);
  // Names are not unique in life, but a demo where two firms share one reads like a bug: redraw a few times.
  for (let attempt = 0; taken.has(companyName) && attempt < 10; attempt++) {
    [sector, city] = [rng.pick(INDUSTRIES), rng.pick(locale.cities)];
    companyName = locale.company(rng, family ? founder : rng.pick(locale.last), city.name, sector.word[locale.country], family);
  }
  if (taken.has(companyName)) companyName = `${companyName} ${taken.size}`;
  taken.add(companyName);
  const domain = `${asciiFold(companyName.replace(/\s+(Ltd|SARL|SAS|GmbH( & Co\. KG)?|SRL|Kft\.)$/, ''))}.example`;
  const since = customerSince(rng, now);
  const doNotCall = rng.chance(0.05);
  const phones = [{ label: 'office', number: landlineFor(rng, dir, locale, city) }];
  if (rng.chance(0.4)) phones.push({ label: 'mobile', number: mobileFor(rng, dir, locale) });
  const emails = [{ label: 'office', address: uniqueEmail(rng, dir, ['office'], domain) }];
  if (rng.chance(0.5)) emails.push({ label: 'accounts', address: uniqueEmail(rng, dir, ['accounts'], domain) });
  const addresses = [addressIn(rng, locale, city, 'office')];
  if (rng.chance(0.3)) addresses.push(addressIn(rng, locale, city, 'delivery'));
  return {
    _id: rng.objectId(since),
    ...blankActivity(),
    kind: 'business',
    companyName,
    displayName: companyName,
    phones,
    emails,
    addresses,
    demographics: {},
    psychographics: { interests: [], attitude: rng.weighted(ATTITUDES) },
    business: profileOf(rng, sector.industry),
    preferences: {
      channel: preferredChannel(rng, true),
      contactTime: contactTime(rng, true),
      language: locale.language,
      productInterests: [...sector.buys].sort(),
    },
    consents: consentsFor(rng, since, now, { optOut: rng.chance(0.15), doNotCall }),
    doNotCall,
    timezone: locale.timezone,
    createdAt: since,
    updatedAt: since,
  };
}

/**
 * Links some of the people as employees (both ways), puts them on the buying team with their mobile and
 * gives them a work e-mail; the rest of the team are contacts who are not customers themselves.
 */
function staff(rng: Rng, dir: Directory, business: SeedCustomer, locale: Locale, pool: SeedCustomer[]) {
  const domain = business.emails[0].address.split('@')[1];
  const team = business.business!.buyingTeam;
  const employees = rng.weighted([[0, 25], [1, 35], [2, 25], [3, 15]] as const);
  for (let i = 0; i < employees && pool.length > 0; i++) {
    const person = pool.splice(rng.int(0, pool.length - 1), 1)[0];
    relate(person, 'employer', business, 'employee');
    person.emails.push({ label: 'work', address: uniqueEmail(rng, dir, [person.firstName!, person.lastName!], domain) });
    team.push({ name: person.displayName, role: rng.pick(TEAM_ROLES), phone: person.phones[0].number });
  }
  while (team.length < 1 || (team.length < 3 && rng.chance(0.4))) {
    const name = fullNameIn(locale, rng.pick(rng.chance(0.5) ? locale.male : locale.female), rng.pick(locale.last));
    team.push({ name, role: rng.pick(TEAM_ROLES), phone: mobileFor(rng, dir, locale) });
  }
}

/**
 * `count` businesses. About one in eight belongs to a business group (2–3 firms of one founder family in
 * one country, all related to each other); most employ one or more of `people`, linked both ways.
 */
export function generateBusinesses(rng: Rng, dir: Directory, now: Date, count: number, people: SeedCustomer[]): SeedCustomer[] {
  const byCountry = new Map<string, SeedCustomer[]>();
  // Only working-age people without an employer yet can be hired.
  for (const p of people) {
    if (p.demographics.occupation === 'retired' || p.demographics.occupation === 'student') continue;
    const country = p.addresses[0].country;
    if (!byCountry.has(country)) byCountry.set(country, []);
    byCountry.get(country)!.push(p);
  }
  const businesses: SeedCustomer[] = [];
  const taken = new Set<string>();
  while (businesses.length < count) {
    const locale = LOCALES[rng.weighted(COUNTRY_WEIGHTS)];
    const founder = rng.pick(locale.last);
    const size = Math.min(count - businesses.length, rng.chance(0.06) ? rng.int(2, 3) : 1);
    const group = Array.from({ length: size }, () => businessIn(rng, dir, now, locale, founder, size > 1, taken));
    for (let i = 0; i < group.length; i++) for (let j = i + 1; j < group.length; j++) relate(group[i], 'business-group', group[j], 'business-group');
    for (const b of group) staff(rng, dir, b, locale, byCountry.get(locale.country) ?? []);
    businesses.push(...group);
  }
  return businesses;
}
