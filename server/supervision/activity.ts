import { EventEmitter } from 'node:events';
import type { InteractionDoc } from '../interactions/interaction.model.js';

interface ActivityEvents {
  /** An interaction was written: its document as saved (and its customer's name, when the writer knows it). */
  interaction: [doc: InteractionDoc, customerName?: string];
  /** An interaction was written where the saved document is not at hand (reload it by id). */
  'interaction-id': [interactionId: string];
  /** An agent's routing state or work changed. */
  agent: [agentUserId: string];
}

/**
 * The small hub through which services say "this changed" without knowing who listens (the
 * supervision board does). Listeners must not throw; they run synchronously after the write.
 */
export class Activity extends EventEmitter<ActivityEvents> {
  interaction(doc: InteractionDoc, customerName?: string) {
    this.emit('interaction', doc, customerName);
  }
  interactionId(id: string) {
    this.emit('interaction-id', id);
  }
  agent(userId: string) {
    this.emit('agent', userId);
  }
}
