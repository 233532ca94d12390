import { ChatMessage } from '@shared/schemas/interaction';
import { http } from '@/api/http';

export const chatApi = {
  reply: (interactionId: string, text: string) =>
    http.post(`/api/interactions/${encodeURIComponent(interactionId)}/messages`, { text }, ChatMessage),
};
