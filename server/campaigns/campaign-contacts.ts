import type { Models } from '../db/models.js';
import { customerReassigner } from '../db/customer-reassign.js';

/** Campaign contacts change customer only through a merge or its undo. */
export const campaignContactReassigner = (models: Models) => customerReassigner(models.CampaignContact);
