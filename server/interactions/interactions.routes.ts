import { Router } from 'express';
import { ChatReply, InteractionPatch } from '../../shared/schemas/interaction.js';
import { currentUser } from '../auth/auth.middleware.js';
import type { ChatWebhook } from '../chat/chat-webhook.js';
import { handle } from '../http/respond.js';
import { parse, parseId } from '../http/validate.js';
import type { InteractionService } from './interactions.service.js';
import { isWidgetCallId } from '../widget/widget-ids.js';

export function interactionRoutes(interactions: InteractionService, chat: ChatWebhook) {
  const r = Router();
  r.get(
    '/interactions/:id',
    handle((req) => interactions.get(parseId(req.params.id, 'interaction id'), currentUser(req))),
  );
  r.patch(
    '/interactions/:id',
    handle((req) => interactions.patch(parseId(req.params.id, 'interaction id'), parse(InteractionPatch, req.body, 'interaction update'), currentUser(req))),
  );
  r.post(
    '/interactions/:id/messages',
    handle(async (req) => {
      const id = parseId(req.params.id, 'interaction id');
      const { text } = parse(ChatReply, req.body, 'chat reply');
      const { message, interaction } = await interactions.addAgentMessage(id, text, currentUser(req));
      // A website widget's chat: the reply reaches its visitor from the bus (server/widget), not a platform.
      if (!isWidgetCallId(interaction.callId)) await chat.send({ callId: interaction.callId, to: interaction.from, text: message.text, at: message.at.toISOString(), agent: message.agent });
      return message;
    }, 201),
  );
  return r;
}
