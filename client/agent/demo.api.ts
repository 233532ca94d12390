import { z } from 'zod';
import { http } from '@/api/http';

// Demo-only endpoint; its answer has no shared schema.
const SimulateResult = z.object({ sent: z.number() });

export const demoApi = {
  simulate: (body: { calls?: number; chats?: number }) => http.post('/api/demo/simulate', body, SimulateResult),
};
