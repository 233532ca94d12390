import { z } from 'zod';

/** The states an agent picks for themself. */
export const AgentState = z.enum(['available', 'away', 'wrap-up']);
export type AgentState = z.infer<typeof AgentState>;

/** As stored on the agent: also `offline` once every screen of theirs has gone. */
export const StoredAgentState = z.enum([...AgentState.options, 'offline']);
export type StoredAgentState = z.infer<typeof StoredAgentState>;

/** As the supervisor's board shows it: also `outbound` for a telemarketer on a campaign call. */
export const BoardAgentState = z.enum([...AgentState.options, 'outbound', 'offline']);
export type BoardAgentState = z.infer<typeof BoardAgentState>;
