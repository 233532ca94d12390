import type { Connection } from 'mongoose';
import { analyticsModels } from '../analytics/analytics.model.js';
import { userModel } from '../auth/user.model.js';
import { callListEntryModel, campaignContactModel, campaignModel } from '../campaigns/campaign.model.js';
import { complaintModel } from '../complaints/complaint.model.js';
import { customerModel } from '../customers/customer.model.js';
import { customerMergeModel, notDuplicateModel } from '../duplicates/duplicates.model.js';
import { pictureSnapshotModel } from '../customers/picture-snapshot.model.js';
import { transactionModel } from '../customers/transaction.model.js';
import { chatOutboxModel } from '../chat/chat-outbox.model.js';
import { chatMessageModel } from '../interactions/chat-message.model.js';
import { interactionModel } from '../interactions/interaction.model.js';
import { offerModel } from '../offers/offer.model.js';
import { jobLockModel } from '../ops/job-lock.model.js';
import { jobModel } from '../ops/job.model.js';
import { productModel } from '../offers/product.model.js';
import { agentModel } from '../routing/agent.model.js';
import { agentStateLogModel } from '../routing/agent-state-log.model.js';
import { notReadyReasonModel } from '../routing/not-ready-reason.model.js';
import { processLeaseModel } from '../routing/process-lease.model.js';
import { surveyModel } from '../satisfaction/survey.model.js';
import { callbackModel } from '../callbacks/callback.model.js';
import { queueHoursModel } from '../queues/queue-hours.model.js';
import { queueSettingsModel } from '../queues/queue-settings.model.js';
import { dispositionCodeModel } from '../dispositions/disposition.model.js';
import { visitorSessionModel } from '../widget/visitor-session.model.js';
import { widgetRatingModel } from '../widget/widget-rating.model.js';
import { cannedReplyModel } from '../canned-replies/canned-reply.model.js';
import { teamModel } from '../teams/team.model.js';
import { reportAgentCursorModel, reportDayModel, reportFactModel, reportFieldModel, reportRollupModel } from '../reports/rollups.model.js';

/** Every model, registered on one connection (tests use a connection per test file). */
export function createModels(conn: Connection) {
  return {
    User: userModel(conn),
    Customer: customerModel(conn),
    PictureSnapshot: pictureSnapshotModel(conn),
    Transaction: transactionModel(conn),
    Product: productModel(conn),
    Offer: offerModel(conn),
    Complaint: complaintModel(conn),
    Campaign: campaignModel(conn),
    CampaignContact: campaignContactModel(conn),
    CallListEntry: callListEntryModel(conn),
    Survey: surveyModel(conn),
    /** Written by duplicates/duplicates.service.ts only: merges kept for undoing, and "not a duplicate" pairs. */
    CustomerMerge: customerMergeModel(conn),
    NotDuplicate: notDuplicateModel(conn),
    Interaction: interactionModel(conn),
    /** Written by interactions/interaction.repository.ts only (through chat-messages.ts). */
    ChatMessage: chatMessageModel(conn),
    /** Written by chat/chat-webhook.ts only. */
    ChatOutbox: chatOutboxModel(conn),
    Agent: agentModel(conn),
    /** Written by routing/routing.service.ts only. */
    AgentStateLog: agentStateLogModel(conn),
    NotReadyReason: notReadyReasonModel(conn),
    ProcessLease: processLeaseModel(conn),
    /** Written by callbacks/callbacks.repository.ts only. */
    Callback: callbackModel(conn),
    QueueHours: queueHoursModel(conn),
    /** Written by queues/queue-settings.service.ts only. */
    QueueSettings: queueSettingsModel(conn),
    /** Written by dispositions/dispositions.repository.ts only. */
    DispositionCode: dispositionCodeModel(conn),
    /** Written by widget/ only (the website visitors' sessions). */
    VisitorSession: visitorSessionModel(conn),
    /** Written by widget/ratings.repository.ts (and widget/visitor-erasure.ts when a customer is erased). */
    WidgetRating: widgetRatingModel(conn),
    /** Written by canned-replies/canned-replies.repository.ts only. */
    CannedReply: cannedReplyModel(conn),
    /** Written by teams/teams.repository.ts only. */
    Team: teamModel(conn),
    /** Written by reports/rollups.repository.ts only: the reports' half-hour rollups and what each interaction added. */
    ReportRollup: reportRollupModel(conn),
    ReportDay: reportDayModel(conn),
    ReportField: reportFieldModel(conn),
    ReportFact: reportFactModel(conn),
    ReportAgentCursor: reportAgentCursorModel(conn),
    JobLock: jobLockModel(conn),
    Job: jobModel(conn),
    ...analyticsModels(conn),
  };
}
export type Models = ReturnType<typeof createModels>;

/** Builds every index (idempotent): run once at start-up, before serving. */
export async function ensureIndexes(models: Models) {
  await Promise.all(Object.values(models).map((m) => m.init()));
}
