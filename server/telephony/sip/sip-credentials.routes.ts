import { Router } from 'express';
import { AppError } from '../../http/errors.js';
import { type SipCredentialOptions, sipCredentialsFor } from './sip-credentials.js';

/**
 * GET /api/telephony/sip-credentials: the logged-in agent's short-lived SIP credentials for the browser
 * softphone. 404 when the console does not run with TELEPHONY=sip: the client shows no phone then.
 * The answer is never cached or logged (pino-http logs requests and statuses, not bodies).
 */
export function sipCredentialRoutes(sip: (SipCredentialOptions & { sipDomain: string; trunkUri?: string }) | undefined, now: () => number = Date.now): Router {
  const r = Router();
  r.get('/telephony/sip-credentials', (req, res) => {
    if (!sip) throw new AppError('SIP_OFF', 'this console does not carry calls itself (TELEPHONY is not sip)', 404);
    res.setHeader('Cache-Control', 'no-store');
    // `outbound`: whether click-to-call has a trunk to go to (the dialer shows its Call button by it).
    res.json({ ...sipCredentialsFor(req.user!.username, { ...sip, now: now() }), outbound: !!sip.trunkUri });
  });
  return r;
}
