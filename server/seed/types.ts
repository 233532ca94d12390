import type { CampaignCreate } from '../../shared/schemas/campaign.js';
import type { OfferInput } from '../../shared/schemas/offers.js';
import type { ObjectId } from 'bson';
import type { z } from 'zod';
import type { BusinessProfile, Preferences, RelationType as RelationTypeEnum, Value } from '../../shared/schemas/customer.js';
import type {
  CampaignResponse,
  ComplaintSeverity,
  ComplaintStatus,
  ConsentPurpose,
  ContactChannel,
  CustomerKind,
  PurchaseChannel,
  SurveyType,
} from '../../shared/schemas/enums.js';
import type { CatalogueProduct } from './catalogue.js';

/*
 * Shapes of the generated documents. They are inserted with `lean: true`, which skips mongoose's casting,
 * defaults and timestamps, so every field a model would default is spelled out here and ids are ObjectIds.
 */

export type { CampaignResponse, ConsentPurpose, ContactChannel };
export type RelationType = z.infer<typeof RelationTypeEnum>;

export interface SeedAddress {
  label: string;
  line1: string;
  city: string;
  postcode: string;
  region: string;
  country: string;
}

export interface SeedConsent {
  purpose: ConsentPurpose;
  channel: ContactChannel;
  granted: boolean;
  source: string;
  at: Date;
}

export interface SeedBusiness {
  industry: string;
  employees: number;
  contractStatus: NonNullable<z.infer<typeof BusinessProfile>['contractStatus']>;
  shareOfWallet: number;
  competitors: string[];
  buyingPractices: string;
  buyingTeam: Array<{ name: string; role: string; phone?: string }>;
}

export interface SeedCustomer {
  _id: ObjectId;
  externalId: string;
  kind: CustomerKind;
  firstName?: string;
  lastName?: string;
  companyName?: string;
  displayName: string;
  searchTokens: string[];
  phones: Array<{ label: string; number: string }>;
  emails: Array<{ label: string; address: string }>;
  addresses: SeedAddress[];
  demographics: { ageBand?: string; incomeBand?: string; occupation?: string };
  psychographics: { interests: string[]; attitude?: string };
  business?: SeedBusiness;
  relations: Array<{ customerId: ObjectId; type: RelationType }>;
  householdId?: string;
  preferences: { channel?: ContactChannel; contactTime?: Preferences['contactTime']; language?: string; productInterests: string[] };
  consents: SeedConsent[];
  doNotCall: boolean;
  timezone: string;
  purpose: string;
  totals: { count: number; spend: number; firstAt?: Date; lastAt?: Date };
  value?: Value;
  owned: Array<{ sku: string; category: string; at: Date }>;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface SeedItem {
  sku: string;
  name: string;
  category: string;
  qty: number;
  price: number;
}

export interface SeedTransaction {
  _id: ObjectId;
  customerId: ObjectId;
  at: Date;
  items: SeedItem[];
  total: number;
  channel: PurchaseChannel;
  store?: string;
}

export type SeedProduct = CatalogueProduct & { _id: ObjectId };

/** A generated offer: the admin's `OfferInput` fields the catalogue sets (quote days and eligibility take the model's defaults). */
export type SeedOffer = Pick<
  OfferInput,
  'code' | 'title' | 'kind' | 'sku' | 'triggerCategory' | 'spendThreshold' | 'price' | 'priceKind' | 'purpose' | 'channel' | 'consentRule' | 'active' | 'suppressDays'
> & { _id: ObjectId; createdAt: Date; updatedAt: Date };

export interface SeedComplaint {
  _id: ObjectId;
  customerId: ObjectId;
  subject: string;
  category: string;
  severity: ComplaintSeverity;
  status: ComplaintStatus;
  owner?: string;
  resolution?: string;
  openedAt: Date;
  resolvedAt?: Date;
  interactionIds: ObjectId[];
  createdAt: Date;
  updatedAt: Date;
}

export interface SeedCampaign {
  _id: ObjectId;
  name: string;
  channel: ContactChannel;
  offerCode: string;
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
  updatedAt: Date;
  /** Outbound campaigns: left `building`, so the console builds their call lists from the segment at start. */
  outbound?: Omit<CampaignCreate, 'name' | 'startsAt' | 'endsAt'> & { status: 'building' };
}

export interface SeedCampaignContact {
  _id: ObjectId;
  campaignId: ObjectId;
  customerId: ObjectId;
  at: Date;
  channel: ContactChannel;
  response: CampaignResponse;
}

export interface SeedSurvey {
  _id: ObjectId;
  customerId: ObjectId;
  type: SurveyType;
  score: number;
  at: Date;
  comment?: string;
}

/** Everything `generateDemoData` returns, keyed by model. */
export interface DemoData {
  customers: SeedCustomer[];
  products: SeedProduct[];
  offers: SeedOffer[];
  transactions: SeedTransaction[];
  complaints: SeedComplaint[];
  campaigns: SeedCampaign[];
  campaignContacts: SeedCampaignContact[];
  surveys: SeedSurvey[];
}
