import { z } from 'zod';
import { ApiError, http } from '@/api/http';

const SipCredentials = z.object({ uri: z.string(), username: z.string(), password: z.string(), expiresAt: z.string(), wsUrl: z.string(), outbound: z.boolean().optional() });
export type SipCredentials = z.infer<typeof SipCredentials>;

export const softphoneApi = {
  /** The agent's short-lived SIP credentials; null when the console does not carry calls itself (404: no phone). */
  async credentials(): Promise<SipCredentials | null> {
    try {
      return await http.get('/api/telephony/sip-credentials', SipCredentials);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return null;
      throw err;
    }
  },
};
