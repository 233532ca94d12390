import { describe, expect, it } from 'vitest';
import { agentRefusal, interactionRefusal, switchCallRefusal, type TargetAgent } from '../../server/interactions/transfer-rules.js';

const agent1 = { userId: 'a1', role: 'agent' as const };
const live = { state: 'active', direction: 'inbound', agentId: 'a1' };

describe('who may transfer an interaction', () => {
  const table: Array<[string, { state: string; direction?: string; agentId?: string | null }, { userId: string; role: 'agent' | 'supervisor' | 'telemarketer' | 'admin' }, string | null]> = [
    ['its handling agent, during the chat', live, agent1, null],
    ['its handling agent, offered but not yet taken', { ...live, state: 'offered' }, agent1, null],
    ['a supervisor stepping in', live, { userId: 's1', role: 'supervisor' }, null],
    ['another agent', live, { userId: 'a2', role: 'agent' }, 'OTHER_AGENTS_INTERACTION'],
    ['nobody, once it has ended', { ...live, state: 'ended' }, agent1, 'INTERACTION_ENDED'],
    ['nobody, while it waits in a queue', { ...live, state: 'queued', agentId: null }, { userId: 's1', role: 'supervisor' }, 'NOT_WITH_AN_AGENT'],
    ['nobody, for a telemarketer’s call', { ...live, direction: 'outbound' }, agent1, 'TRANSFER_OUTBOUND'],
  ];
  it.each(table)('%s', (_name, i, user, code) => {
    expect(interactionRefusal(i, user)?.code ?? null).toBe(code);
  });
});

describe('which agent a transfer may name', () => {
  const ready = (t: Partial<TargetAgent> = {}): TargetAgent => ({ userId: 'a2', role: 'agent', skills: [], live: { connections: 1, presence: 'available' }, ...t });
  const table: Array<[string, TargetAgent | null, string | null]> = [
    ['a ready agent without skills (takes every queue)', ready(), null],
    ['a ready agent with the queue’s skill', ready({ skills: ['service', 'sales'] }), null],
    ['an agent without the queue’s skill', ready({ skills: ['sales'] }), 'AGENT_LACKS_SKILL'],
    ['an agent logged out', ready({ live: { connections: 0, presence: 'available' } }), 'AGENT_NOT_AVAILABLE'],
    ['an agent who never logged in', ready({ live: null }), 'AGENT_NOT_AVAILABLE'],
    ['an agent not ready', ready({ live: { connections: 2, presence: 'not-ready' } }), 'AGENT_NOT_AVAILABLE'],
    ['the agent who has it', ready({ userId: 'a1' }), 'TRANSFER_SAME_AGENT'],
    ['a disabled account', ready({ disabled: true }), 'UNKNOWN_AGENT'],
    ['a supervisor (takes no routed work)', ready({ role: 'supervisor' }), 'UNKNOWN_AGENT'],
    ['nobody with that id', null, 'UNKNOWN_AGENT'],
  ];
  it.each(table)('%s', (_name, target, code) => {
    expect(agentRefusal(target, { agentId: 'a1', queue: 'service' })?.code ?? null).toBe(code);
  });
});

describe('which calls through the console’s own switch can be moved', () => {
  it.each([
    ['a connected call whose caller takes REFER', { connected: true, takesRefer: true }, null],
    ['a call the console no longer carries (it restarted)', null, 'TRANSFER_SIP_CALL'],
    ['a call still ringing at the agent’s phone', { connected: false, takesRefer: true }, 'TRANSFER_SIP_NOT_CONNECTED'],
    ['a caller whose phone or carrier does not take REFER', { connected: true, takesRefer: false }, 'TRANSFER_SIP_NO_REFER'],
  ] as const)('%s', (_name, carried, code) => {
    expect(switchCallRefusal(carried)?.code ?? null).toBe(code);
  });
});
