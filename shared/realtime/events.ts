import type { Ack } from '../schemas/common.js';
import type { ChatMessage, Interaction, ScreenPop } from '../schemas/interaction.js';
import type { Role } from '../schemas/auth.js';
import { z } from 'zod';

export const AgentState = z.enum(['available', 'away', 'wrap-up']);
export type AgentState = z.infer<typeof AgentState>;
export const AgentStateRequest = z.object({ state: AgentState }).strict();

export interface AgentStatus {
  state: AgentState | 'offline';
  since: string;
  voice: number;
  chats: number;
}

/** Server → client. Requests are `entity:verb`; broadcasts are past tense. */
export interface ServerToClientEvents {
  'screen-pop': (pop: ScreenPop, ack: (received: boolean) => void) => void;
  'interaction:updated': (interaction: Interaction) => void;
  'chat:message': (msg: { interactionId: string; message: ChatMessage }) => void;
  'agent:state-changed': (status: AgentStatus) => void;
}

export interface ClientToServerEvents {
  'agent:state': (req: { state: AgentState }, ack: (res: Ack<AgentStatus>) => void) => void;
}

export interface InterServerEvents {
  ping: () => void;
}

export interface SocketData {
  userId: string;
  username: string;
  role: Role;
}
