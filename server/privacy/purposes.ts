/**
 * The purpose of processing of every kind of record (privacy: each record states why we hold it).
 * The customer record carries its own `purpose`; related records derive theirs from what they are.
 */
export const PURPOSES = {
  transaction: 'contract: sale and after-sales service',
  interaction: 'customer-service',
  outboundInteraction: 'marketing: outbound campaign call',
  complaint: 'customer-service: complaint handling',
  survey: 'service-quality measurement',
  campaignContact: 'marketing',
  quote: 'contract: price quoted for an offer',
  audit: 'legal obligation: accountability of access and changes',
} as const;

export const interactionPurpose = (direction: string | null | undefined) =>
  direction === 'outbound' ? PURPOSES.outboundInteraction : PURPOSES.interaction;
