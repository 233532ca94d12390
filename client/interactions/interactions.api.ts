import { Interaction, type InteractionPatch } from '@shared/schemas/interaction';
import { http } from '@/api/http';

export const interactionsApi = {
  patch: (id: string, body: InteractionPatch, options: { keepalive?: boolean } = {}) =>
    http.patch(`/api/interactions/${encodeURIComponent(id)}`, body, Interaction, options),
};
