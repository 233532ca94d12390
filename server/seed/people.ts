import { addressIn, consentsFor, type Directory, landlineFor, mobileFor, uniqueEmail } from './contact.js';
import { COUNTRY_WEIGHTS, fullNameIn, LOCALES, type Locale } from './locales.js';
import { ATTITUDES, blankActivity, contactTime, customerSince, interestsFor, preferredChannel, relate } from './profile.js';
import type { Rng } from './random.js';
import type { SeedAddress, SeedCustomer } from './types.js';

type Role = 'single' | 'partner' | 'parent' | 'child' | 'housemate';

const AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
const AGES_BY_ROLE: Record<Role, readonly string[]> = {
  single: AGE_BANDS,
  partner: ['25-34', '35-44', '45-54', '55-64', '65+'],
  parent: ['45-54', '55-64', '65+'],
  child: ['18-24', '25-34'],
  housemate: ['18-24', '25-34'],
};
const INCOME = ['under-20k', '20-40k', '40-60k', '60-100k', '100k+'] as const;
const OCCUPATIONS = 'teacher|nurse|software developer|accountant|electrician|sales assistant|civil servant|engineer|designer|doctor|driver|chef|marketing manager|self-employed|lawyer|pharmacist'.split('|');

/** Demographics that hang together: students are young and earn little, retirees are 65+. */
function demographicsFor(rng: Rng, role: Role): SeedCustomer['demographics'] {
  const ageBand = rng.pick(AGES_BY_ROLE[role]);
  if (ageBand === '18-24' && rng.chance(0.6)) return { ageBand, incomeBand: 'under-20k', occupation: 'student' };
  if (ageBand === '65+' && rng.chance(0.8)) return { ageBand, incomeBand: rng.pick(INCOME.slice(0, 3)), occupation: 'retired' };
  return { ageBand, incomeBand: rng.weighted(INCOME.map((b, i) => [b, [10, 30, 30, 20, 10][i]] as const)), occupation: rng.pick(OCCUPATIONS) };
}

/** Who lives together: a household is a couple, a couple with grown-up children, a parent and child, or housemates. */
function householdRoles(rng: Rng, size: number): Role[] {
  if (size === 1) return ['single'];
  if (size === 2) return rng.weighted<Role[]>([[['partner', 'partner'], 60], [['parent', 'child'], 25], [['housemate', 'housemate'], 15]]);
  return ['parent', 'parent', ...Array<Role>(size - 2).fill('child')];
}

interface Household {
  id?: string;
  locale: Locale;
  /** Whose names the household carries: usually the country's, sometimes another (people move). */
  names: Locale;
  address: SeedAddress;
  city: Locale['cities'][number];
  surname: string;
}

function personIn(rng: Rng, dir: Directory, now: Date, home: Household, role: Role): SeedCustomer {
  const female = rng.chance(0.5);
  const firstName = rng.pick(female ? home.names.female : home.names.male);
  // Partners and housemates often keep their own surname.
  const lastName = (role === 'partner' || role === 'housemate') && rng.chance(0.35) ? rng.pick(home.names.last) : home.surname;
  const displayName = fullNameIn(home.names, firstName, lastName);
  const since = customerSince(rng, now);
  const optOut = rng.chance(0.15);
  const doNotCall = rng.chance(0.05);
  const { interests, productInterests } = interestsFor(rng);
  const emails = rng.chance(0.93) ? [{ label: 'personal', address: uniqueEmail(rng, dir, [firstName, lastName]) }] : [];
  const language = home.names !== home.locale && rng.chance(0.5) ? home.names.language : home.locale.language;
  return {
    _id: rng.objectId(since),
    ...blankActivity(),
    kind: 'person',
    firstName,
    lastName,
    displayName,
    phones: [{ label: 'mobile', number: mobileFor(rng, dir, home.locale) }],
    emails,
    addresses: [{ ...home.address }],
    demographics: demographicsFor(rng, role),
    psychographics: { interests, attitude: rng.weighted(ATTITUDES) },
    ...(home.id ? { householdId: home.id } : {}),
    preferences: {
      channel: emails.length ? preferredChannel(rng, false) : 'phone',
      contactTime: contactTime(rng, false),
      language,
      productInterests,
    },
    consents: consentsFor(rng, since, now, { optOut, doNotCall }),
    doNotCall,
    timezone: home.locale.timezone,
    createdAt: since,
    updatedAt: since,
  };
}

/** Everyone in a household points at everyone else: spouse, parent/child, or plain household. */
function relateHousehold(members: SeedCustomer[], roles: Role[]) {
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) {
      const [a, b] = [roles[i], roles[j]];
      if (a === 'parent' && b === 'child') relate(members[i], 'child', members[j], 'parent');
      else if ((a === 'partner' && b === 'partner') || (a === 'parent' && b === 'parent')) relate(members[i], 'spouse', members[j], 'spouse');
      else relate(members[i], 'household', members[j], 'household');
    }
  }
}

/** How many households share a landline: enough to demonstrate a screen pop with several matches. */
const SHARED_LANDLINES = 10;

/**
 * `count` people: about one in seven lives alone, the rest in households of 2–4 that share a household id, an address
 * and relations. A handful of households share a landline, listed on two members.
 */
export function generatePeople(rng: Rng, dir: Directory, now: Date, count: number): SeedCustomer[] {
  const people: SeedCustomer[] = [];
  let households = 0;
  let sharedLandlines = 0;
  while (people.length < count) {
    const size = Math.min(count - people.length, rng.weighted([[1, 30], [2, 35], [3, 20], [4, 15]] as const));
    const locale = LOCALES[rng.weighted(COUNTRY_WEIGHTS)];
    const names = locale.mixedNames && rng.chance(0.1) ? LOCALES[rng.weighted(COUNTRY_WEIGHTS)] : locale;
    const city = rng.pick(locale.cities);
    const home: Household = {
      id: size > 1 ? `HH-${String(++households).padStart(5, '0')}` : undefined,
      locale,
      names,
      city,
      address: addressIn(rng, locale, city, 'home'),
      surname: rng.pick(names.last),
    };
    const roles = householdRoles(rng, size);
    const members = roles.map((role) => personIn(rng, dir, now, home, role));
    relateHousehold(members, roles);
    if (size > 1 && sharedLandlines < SHARED_LANDLINES && rng.chance(0.05)) {
      sharedLandlines++;
      const landline = landlineFor(rng, dir, locale, city);
      for (const m of members.slice(0, 2)) m.phones.push({ label: 'home', number: landline });
    }
    people.push(...members);
  }
  return people;
}
