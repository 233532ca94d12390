import { Types } from 'mongoose';
import type { AgentBoardEntry } from '../../shared/schemas/supervision.js';
import type { Models } from '../db/models.js';

/**
 * The supervisors' agents board: each agent's routing state (or, for a telemarketer, whether they are
 * on a call), the time in it, their load and the customer they are on. It also learns each agent's
 * team as it reads users: feed events carry the team for filtering.
 */
export function createAgentsBoard(models: Models, customerName: (id: string) => Promise<string | undefined> | string | undefined) {
  /** Each agent's team, learnt whenever the board reads users. */
  const teamOf = new Map<string, string>();

  /** Board entries for the given agents (or all of them). */
  async function read(userIds?: string[]): Promise<AgentBoardEntry[]> {
    const ids = userIds?.filter((u) => Types.ObjectId.isValid(u)).map((u) => new Types.ObjectId(u));
    const users = await models.User.find({ role: { $in: ['agent', 'telemarketer'] }, ...(ids ? { _id: { $in: ids } } : {}) }, { username: 1, displayName: 1, team: 1, role: 1 })
      .sort({ username: 1 })
      .lean();
    if (!users.length) return [];
    const userIdList = users.map((u) => u._id);
    const [agents, live] = await Promise.all([
      models.Agent.find({ userId: { $in: userIdList } }).lean(),
      models.Interaction.find({ agentId: { $in: userIdList }, state: { $ne: 'ended' } }, { agentId: 1, customerId: 1, ringingAt: 1, createdAt: 1 })
        .sort({ createdAt: -1 })
        .lean(),
    ]);
    const agentOf = new Map(agents.map((a) => [String(a.userId), a]));
    const newest = new Map<string, (typeof live)[number]>();
    for (const i of live) if (!newest.has(String(i.agentId))) newest.set(String(i.agentId), i);
    const out: AgentBoardEntry[] = [];
    for (const u of users) if (u.team) teamOf.set(String(u._id), u.team);
    // Names of the customers agents are on, looked up together rather than one agent after another.
    const customerIds = [...new Set([...newest.values()].map((i) => i.customerId).filter(Boolean).map(String))];
    const nameOf = new Map(await Promise.all(customerIds.map(async (c) => [c, await customerName(c)] as const)));
    for (const u of users) {
      const a = agentOf.get(String(u._id));
      const i = newest.get(String(u._id));
      out.push({
        userId: String(u._id),
        username: u.username,
        displayName: u.displayName ?? undefined,
        team: u.team ?? undefined,
        state: u.role === 'telemarketer' ? (i ? 'outbound' : 'offline') : a && (a.connections ?? 0) > 0 ? (a.state as AgentBoardEntry['state']) : 'offline',
        reason: u.role !== 'telemarketer' && a?.state === 'not-ready' ? (a.reason ?? undefined) : undefined,
        since: u.role === 'telemarketer' ? (i?.ringingAt ?? i?.createdAt ?? new Date(0)) : (a?.stateSince ?? new Date(0)),
        voice: a?.voice ?? 0,
        chats: a?.chats ?? 0,
        interactionId: i ? String(i._id) : undefined,
        customerId: i?.customerId ? String(i.customerId) : undefined,
        customerName: i?.customerId ? nameOf.get(String(i.customerId)) : undefined,
      });
    }
    return out;
  }

  return { read, teamOf };
}
