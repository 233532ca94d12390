import { describe, expect, it } from 'vitest';
import { nextAfterClose, onArrival, onEnded, type FocusItem, type FocusScene } from '@/agent/focus-rule';

const call = (id: string, state: FocusItem['state'] = 'ringing', wrappedUp = false): FocusItem => ({ id, channel: 'voice', state, wrappedUp });
const chat = (id: string, state: FocusItem['state'] = 'active', wrappedUp = false): FocusItem => ({ id, channel: 'chat', state, wrappedUp });
const onScreen = (id: string) => ({ kind: 'interaction', id }) as const;

describe('focus rule: a pop arrives', () => {
  const cases: Array<[string, FocusScene, string, ReturnType<typeof onArrival>]> = [
    ['a live call on an empty screen takes it, with the focus', { items: [call('n')], shown: null, typing: false }, 'n', { kind: 'show', id: 'n', moveFocus: true }],
    ['a live call on an empty screen while the agent types in search: shown, the keyboard stays', { items: [call('n')], shown: null, typing: true }, 'n', { kind: 'show', id: 'n', moveFocus: false }],
    ['a live call in front of an ended call (the reported bug)', { items: [call('old', 'ended'), call('n')], shown: onScreen('old'), typing: false }, 'n', { kind: 'show', id: 'n', moveFocus: true }],
    ['a live call while the agent types the ended call’s notes: a prompt', { items: [call('old', 'ended'), call('n')], shown: onScreen('old'), typing: true }, 'n', { kind: 'prompt', id: 'n' }],
    ['a live call in front of a wrapped-up call', { items: [call('old', 'ended', true), call('n')], shown: onScreen('old'), typing: false }, 'n', { kind: 'show', id: 'n', moveFocus: true }],
    ['a chat during a connected call: a prompt (the agent is talking)', { items: [call('c', 'active'), chat('n')], shown: onScreen('c'), typing: false }, 'n', { kind: 'prompt', id: 'n' }],
    ['a chat in front of a chat the agent is only reading', { items: [chat('a'), chat('n')], shown: onScreen('a'), typing: false }, 'n', { kind: 'show', id: 'n', moveFocus: true }],
    ['a chat while the agent types a reply in another chat: a prompt', { items: [chat('a'), chat('n')], shown: onScreen('a'), typing: true }, 'n', { kind: 'prompt', id: 'n' }],
    ['a live call in front of a customer opened from search', { items: [call('n')], shown: { kind: 'customer' }, typing: false }, 'n', { kind: 'show', id: 'n', moveFocus: true }],
    ['a live call while the agent edits a customer opened from search: a prompt', { items: [call('n')], shown: { kind: 'customer' }, typing: true }, 'n', { kind: 'prompt', id: 'n' }],
    ['an ended call re-sent after a reload fills an empty screen', { items: [call('old', 'ended')], shown: null, typing: false }, 'old', { kind: 'show', id: 'old', moveFocus: true }],
    ['an ended call re-sent after a reload never hides a live one', { items: [call('n'), call('old', 'ended')], shown: onScreen('n'), typing: false }, 'old', { kind: 'stay' }],
    ['a pop re-sent for the interaction on screen changes nothing', { items: [call('n')], shown: onScreen('n'), typing: false }, 'n', { kind: 'stay' }],
    ['the screen names an interaction not here yet (a reload’s URL): treated as empty', { items: [call('n')], shown: onScreen('gone'), typing: false }, 'n', { kind: 'show', id: 'n', moveFocus: true }],
  ];
  it.each(cases)('%s', (_name, scene, id, expected) => expect(onArrival(scene, id)).toEqual(expected));

  const resent: Array<[string, FocusScene, string, ReturnType<typeof onArrival>]> = [
    ['a call re-sent after a reload fills an empty screen', { items: [call('a', 'active')], shown: null, typing: false }, 'a', { kind: 'show', id: 'a', moveFocus: true }],
    ['a chat re-sent after a reload stays behind the call on screen, without a prompt', { items: [call('a', 'active'), chat('b')], shown: onScreen('a'), typing: false }, 'b', { kind: 'stay' }],
    ['a live chat re-sent after a reload comes before an ended call', { items: [call('a', 'ended'), chat('b')], shown: onScreen('a'), typing: false }, 'b', { kind: 'show', id: 'b', moveFocus: true }],
    ['… but not while the agent types the ended call’s notes, and without a prompt', { items: [call('a', 'ended'), chat('b')], shown: onScreen('a'), typing: true }, 'b', { kind: 'stay' }],
    ['a chat re-sent after a reload stays behind a chat the agent reads', { items: [chat('a'), chat('b')], shown: onScreen('a'), typing: false }, 'b', { kind: 'stay' }],
  ];
  it.each(resent)('%s', (_name, scene, id, expected) => expect(onArrival(scene, id, true)).toEqual(expected));
});

describe('focus rule: an interaction ends', () => {
  const cases: Array<[string, FocusScene, string, ReturnType<typeof onEnded>]> = [
    ['the shown call ends with a chat waiting: the chat comes forward', { items: [call('c', 'ended'), chat('w')], shown: onScreen('c'), typing: false }, 'c', { kind: 'show', id: 'w', moveFocus: true }],
    ['the shown call ends while the agent types its notes: the waiting chat is offered', { items: [call('c', 'ended'), chat('w')], shown: onScreen('c'), typing: true }, 'c', { kind: 'prompt', id: 'w' }],
    ['the one waiting longest comes first', { items: [chat('w1'), call('c', 'ended'), chat('w2')], shown: onScreen('c'), typing: false }, 'c', { kind: 'show', id: 'w1', moveFocus: true }],
    ['nothing live waiting: the ended call stays for its wrap-up', { items: [call('c', 'ended'), chat('x', 'ended')], shown: onScreen('c'), typing: false }, 'c', { kind: 'stay' }],
    ['an interaction that is not on screen ends: nothing moves', { items: [call('c'), chat('x', 'ended')], shown: onScreen('c'), typing: false }, 'x', { kind: 'stay' }],
  ];
  it.each(cases)('%s', (_name, scene, id, expected) => expect(onEnded(scene, id)).toEqual(expected));
});

describe('focus rule: a tab is closed', () => {
  const cases: Array<[string, FocusItem[], string, string | null]> = [
    ['the newest live interaction', [chat('live1'), call('closed', 'ended', true), call('ended', 'ended'), chat('live2')], 'closed', 'live2'],
    ['a live one before an ended one waiting for its wrap-up', [chat('live'), call('ended', 'ended'), call('closed', 'ended', true)], 'closed', 'live'],
    ['else the newest still to wrap up', [call('a', 'ended'), call('b', 'ended', true), call('closed', 'ended', true)], 'closed', 'a'],
    ['else the newest of the rest', [call('a', 'ended', true), call('closed', 'ended', true)], 'closed', 'a'],
    ['nothing left', [call('closed', 'ended', true)], 'closed', null],
  ];
  it.each(cases)('%s', (_name, items, closed, expected) => expect(nextAfterClose(items, closed)).toBe(expected));
});
