import type { Models } from '../db/models.js';
import { customerReassigner } from '../db/customer-reassign.js';

/** Survey answers change customer only through a merge or its undo. */
export const surveyReassigner = (models: Models) => customerReassigner(models.Survey);
