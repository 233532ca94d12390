import { Router } from 'express';
import { ChatReply, InteractionPatch, TransferRequest } from '../../shared/schemas/interaction.js';
import { currentUser } from '../auth/auth.middleware.js';
import type { ChatWebhook } from '../chat/chat-webhook.js';
import { handle } from '../http/respond.js';
import { parse, parseId } from '../http/validate.js';
import type { InteractionService } from './interactions.service.js';
import type { TransferService } from './transfer.service.js';

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
      const { text } = parse(ChatReply, req.body, 'chat reply');
      const { message, interaction } = await interactions.addAgentMessage(id, text, currentUser(req));
      await chat.send({ callId: interaction.callId, to: interaction.from, text: message.text, at: message.at.toISOString(), agent: message.agent });
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
