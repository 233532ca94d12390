import { z } from 'zod';
import {
  CustomerPicture,
  CustomerSearchResult,
  CustomerSummary,
  type CustomerCreate,
  type LinkCaller,
  type PreferencesUpdate,
} from '@shared/schemas/customer';
import { http } from '@/api/http';

// POST /api/customers answers both the summary and the new picture; shared/ has no name for the pair yet.
const CustomerCreated = z.object({ customer: CustomerSummary, picture: CustomerPicture });
export type CustomerCreated = z.infer<typeof CustomerCreated>;

const byId = (id: string) => `/api/customers/${encodeURIComponent(id)}`;

export const customersApi = {
  search: (q: string) => http.get(`/api/customers?${new URLSearchParams({ q })}`, CustomerSearchResult),
  picture: (id: string) => http.get(`${byId(id)}/picture`, CustomerPicture),
  create: (body: CustomerCreate) => http.post('/api/customers', body, CustomerCreated),
  linkCaller: (id: string, body: LinkCaller) => http.post(`${byId(id)}/link-caller`, body, CustomerCreated),
  updatePreferences: (id: string, body: PreferencesUpdate) => http.patch(`${byId(id)}/preferences`, body, CustomerPicture),
};
