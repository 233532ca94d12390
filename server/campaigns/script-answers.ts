import type { Types } from 'mongoose';
import type { AnswerTarget, Script, ScriptQuestion } from '../../shared/schemas/campaign.js';
import { ContactChannel, ContactTime, type SurveyType } from '../../shared/schemas/enums.js';
import type { Models } from '../db/models.js';
import { badRequest } from '../http/errors.js';

const CONTACT_TIMES = new Set<string>(ContactTime.options);
const CHANNELS = new Set<string>(ContactChannel.options);

/** What answering needs of a campaign: its name (for the survey's source) and its script. */
export interface AnsweredCampaign {
  name: string;
  script: Script;
}

/** Writes a call's script answers to where they belong on the customer, so every later pop shows them. */
export async function storeAnswers(models: Models, c: AnsweredCampaign, customerId: Types.ObjectId, answers: Record<string, string>, by: string, at: Date) {
  const { Customer } = models;
  const set: Record<string, unknown> = {};
  const interests: string[] = [];
  const surveys: Array<{ type: SurveyType; score: number }> = [];
  const stored: Array<{ question: string; answer: string; storesAs: AnswerTarget }> = [];
  for (const [qid, answer] of Object.entries(answers)) {
    if (!answer) continue;
    const q = (c.script.questions as ScriptQuestion[]).find((x) => x.id === qid);
    if (!q) throw badRequest(`the script has no question “${qid}”`, undefined, 'SCRIPT_NO_QUESTION', { question: qid });
    if (q.kind === 'choice' && q.options?.length && !q.options.includes(answer))
      throw badRequest(`“${answer}” is not an option of “${q.text}”`, undefined, 'SCRIPT_NOT_AN_OPTION', { answer, question: q.text });
    switch (q.storesAs) {
      case 'contactTime':
        if (!CONTACT_TIMES.has(answer))
          throw badRequest(`contact time must be one of ${[...CONTACT_TIMES].join(', ')}`, undefined, 'SCRIPT_BAD_CONTACT_TIME', { options: [...CONTACT_TIMES].join(', ') });
        set['preferences.contactTime'] = answer;
        break;
      case 'channel':
        if (!CHANNELS.has(answer)) throw badRequest(`channel must be one of ${[...CHANNELS].join(', ')}`, undefined, 'SCRIPT_BAD_CHANNEL', { options: [...CHANNELS].join(', ') });
        set['preferences.channel'] = answer;
        break;
      case 'interest':
        interests.push(answer.toLowerCase());
        break;
      case 'attitude':
        set['psychographics.attitude'] = answer;
        break;
      case 'csat':
      case 'nps': {
        const score = Number(answer);
        const [min, max] = q.storesAs === 'csat' ? [1, 5] : [0, 10];
        if (!Number.isInteger(score) || score < min || score > max)
          throw badRequest(`${q.storesAs.toUpperCase()} answers are whole numbers from ${min} to ${max}`, undefined, 'SCRIPT_SCORE_RANGE', {
            scale: q.storesAs.toUpperCase(),
            min,
            max,
          });
        surveys.push({ type: q.storesAs, score });
        break;
      }
    }
    stored.push({ question: q.text, answer, storesAs: q.storesAs });
  }
  if (Object.keys(set).length || interests.length) {
    await Customer.updateOne(
      { _id: customerId },
      { ...(Object.keys(set).length ? { $set: set } : {}), ...(interests.length ? { $addToSet: { 'psychographics.interests': { $each: interests } } } : {}), $inc: { version: 1 } },
    );
  }
  if (surveys.length) {
    await models.Survey.insertMany(surveys.map((s) => ({ customerId, type: s.type, score: s.score, at, comment: `telemarketing: ${c.name} (${by})` })));
  }
  return stored;
}
