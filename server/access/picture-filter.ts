import type { Role } from '../../shared/schemas/auth.js';
import type { CustomerPicture } from '../../shared/schemas/customer.js';

const RESTRICTED = 'restricted';

/**
 * The picture a role may see (seed 003: each function reads what it needs). Pure: applied wherever a
 * picture leaves the server. A telemarketer works a campaign: complaints keep their count and status,
 * not what they were about; no interaction notes, survey comments or business intelligence.
 */
export function pictureFor(role: Role, picture: CustomerPicture): CustomerPicture {
  if (role !== 'telemarketer') return picture;
  const business = picture.profile.business;
  return {
    ...picture,
    profile: {
      ...picture.profile,
      business: business ? { ...business, competitors: [], shareOfWallet: undefined, buyingPractices: undefined } : undefined,
    },
    complaints: picture.complaints.map((c) => ({
      id: c.id,
      customerId: c.customerId,
      subject: RESTRICTED,
      category: RESTRICTED,
      severity: c.severity,
      status: c.status,
      openedAt: c.openedAt,
      updatedAt: c.updatedAt,
      resolvedAt: c.resolvedAt,
    })),
    interactions: picture.interactions.map(({ notes: _notes, ...rest }) => rest),
    satisfaction: { ...picture.satisfaction, history: picture.satisfaction.history.map(({ comment: _comment, ...rest }) => rest) },
  };
}
