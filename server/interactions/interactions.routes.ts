import { Router } from 'express';
import { ChatReply, InteractionPatch, TransferRequest } from '../../shared/schemas/interaction.js';
import { currentUser } from '../auth/auth.middleware.js';
import type { ChatWebhook } from '../chat/chat-webhook.js';
import { handle } from '../http/respond.js';
import { parse, parseId } from '../http/validate.js';
import type { InteractionService } from './interactions.service.js';
import type { TransferService } from './transfer.service.js';
import { isWidgetCallId } from '../widget/widget-ids.js';

export function interactionRoutes(interactions: InteractionService, chat: ChatWebhook, transfers?: TransferService) {
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
      const { text, attachmentId } = parse(ChatReply, req.body, 'chat reply');
      const { message, interaction } = await interactions.addAgentMessage(id, text, currentUser(req), attachmentId);
      // A file goes to the platform as a reference only (no URL): it is served to the chat's agent, and
      // to a widget visitor through their token, never to whoever holds a link.
      const attachment = message.attachment && { id: message.attachment.id, name: message.attachment.name, type: message.attachment.type };
      // A website widget's chat: the reply reaches its visitor from the bus (server/widget), not a platform.
      if (!isWidgetCallId(interaction.callId)) await chat.send({ callId: interaction.callId, to: interaction.from, text: message.text, at: message.at.toISOString(), agent: message.agent, ...(attachment ? { attachment } : {}) });
      return message;
    }, 201),
  );
  if (transfers) {
    r.get(
      '/interactions/:id/transfer-targets',
      handle((req) => transfers.targets(parseId(req.params.id, 'interaction id'), currentUser(req))),
    );
    r.post(
      '/interactions/:id/transfer',
      handle((req) => transfers.transfer(parseId(req.params.id, 'interaction id'), parse(TransferRequest, req.body, 'transfer'), currentUser(req))),
    );
  }
  return r;
}
