import { hashPassword } from '../auth/password.js';
import { ensureIndexes, type Models } from '../db/models.js';
import { DEMO_USERS, generateDemoData, type DemoData } from './generate.js';
import { DEMO_CANNED_REPLIES } from '../canned-replies/demo-replies.js';
import { demoTeams } from '../teams/demo-teams.js';

export interface SeedOptions {
  /** How many customers to generate (default 2000). */
  customers?: number;
  /** PRNG seed (default 42). */
  seed?: number;
  /** The moment the data is "as of" (default 2026-11-01T12:00Z, so demos and tests agree). */
  now?: Date;
  /** Receives one progress line per batch, e.g. `seeding transactions 12000/34000`. */
  log?: (line: string) => void;
}

export type SeedCounts = Record<keyof DemoData | 'users' | 'cannedReplies', number>;
export type SeedResult = { seeded: false } | { seeded: true; counts: SeedCounts };

const BATCH = 2000;

/** The slice of a mongoose model the seed uses, so every model fits one loop. */
interface BulkInsertable {
  insertMany(docs: object[], options: { ordered: boolean; lean: true }): Promise<unknown>;
}

/**
 * Fills an empty database with the demo data set and the demo users (password "demo"). Does nothing when
 * any customer exists, so it is safe to call at every start-up. Documents go in with `lean: true` in
 * batches: they are generated complete, so mongoose's casting and hydration would only cost time.
 */
export async function seedDemoData(models: Models, opts: SeedOptions = {}): Promise<SeedResult> {
  const log = opts.log ?? (() => {});
  if ((await models.Customer.estimatedDocumentCount()) > 0) return { seeded: false };
  await ensureIndexes(models);
  const data = generateDemoData({ seed: opts.seed, customers: opts.customers, now: opts.now });

  // Products and offers first: a half-seeded database should at least have a catalogue.
  const plan: Array<[keyof DemoData, BulkInsertable]> = [
    ['products', models.Product],
    ['offers', models.Offer],
    ['customers', models.Customer],
    ['transactions', models.Transaction],
    ['complaints', models.Complaint],
    ['campaigns', models.Campaign],
    ['campaignContacts', models.CampaignContact],
    ['surveys', models.Survey],
  ];
  const counts = {} as SeedCounts;
  for (const [name, model] of plan) {
    // Outbound campaigns are stored flat: their list settings sit beside the campaign's name and dates.
    const docs: object[] = name === 'campaigns' ? data.campaigns.map(({ outbound, ...c }) => ({ ...c, ...outbound })) : data[name];
    for (let i = 0; i < docs.length; i += BATCH) {
      await model.insertMany(docs.slice(i, i + BATCH), { ordered: false, lean: true });
      log(`seeding ${name} ${Math.min(i + BATCH, docs.length)}/${docs.length}`);
    }
    counts[name] = docs.length;
  }

  const users = await Promise.all(
    DEMO_USERS.map(async (u) => ({ ...u, skills: [...u.skills], passwordHash: await hashPassword('demo') })),
  );
  await models.User.insertMany(users);
  counts.users = users.length;
  log(`seeding users ${users.length}/${users.length}`);
  await models.Team.insertMany(demoTeams(DEMO_USERS.map((u) => ('team' in u ? u.team : undefined))));
  await models.CannedReply.insertMany(DEMO_CANNED_REPLIES.map((r) => ({ ...r, shortcutKey: r.shortcut.toLowerCase(), updatedBy: 'admin' })));
  counts.cannedReplies = DEMO_CANNED_REPLIES.length;
  return { seeded: true, counts };
}
