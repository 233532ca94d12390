import type { Models } from '../db/models.js';
import { customerReassigner } from '../db/customer-reassign.js';

/** Transactions change customer only through a merge or its undo; totals are recomputed by the caller. */
export const transactionReassigner = (models: Models) => customerReassigner(models.Transaction);
