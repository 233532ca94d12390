import { ChatAttachment, ChatMessage } from '@shared/schemas/interaction';
import { fetchBlob, http, upload } from '@/api/http';

export const chatApi = {
  /** The agent's reply: text, an attachment uploaded first, or both (ChatReply). */
  reply: (interactionId: string, reply: { text: string; attachmentId?: string }) =>
    http.post(`/api/interactions/${encodeURIComponent(interactionId)}/messages`, reply, ChatMessage),
  /** Stores a file for the chat (its bytes as the body); the reply that carries it is sent next. */
  upload: (interactionId: string, file: File) =>
    upload(`/api/interactions/${encodeURIComponent(interactionId)}/attachments?name=${encodeURIComponent(file.name)}`, file, ChatAttachment),
  /** An attachment's bytes: it needs the agent's token, so no plain link can show it. */
  attachment: (id: string) => fetchBlob(`/api/attachments/${encodeURIComponent(id)}`),
};
