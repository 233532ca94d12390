/**
 * When the customer reached an agent (`connectedAt`, see interaction.model.ts). Interactions stored
 * before that field existed: their answer, when they had an agent. No I/O: the feed's pure steps use it.
 */
export const connectedAt = (i: { connectedAt?: Date | null; answeredAt?: Date | null; agentId?: unknown }): Date | undefined =>
  i.connectedAt ?? (i.agentId && i.answeredAt ? i.answeredAt : undefined);
