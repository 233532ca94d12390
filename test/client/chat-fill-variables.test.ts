import { describe, expect, it } from 'vitest';
import { fillVariables, slashQuery } from '@/chat/fill-variables';

const ioana = { firstName: 'Ioana', lastName: 'Popescu', name: 'Ioana Popescu' };
const agent = { name: 'Elena Marin' };

describe('fillVariables', () => {
  it.each([
    ['Hello {customer.firstName}!', { customer: ioana, agent }, 'Hello Ioana!'],
    ['Dear {customer.lastName}', { customer: ioana, agent }, 'Dear Popescu'],
    ['For {customer.name}', { customer: ioana, agent }, 'For Ioana Popescu'],
    ['I am {agent.name}.', { customer: ioana, agent }, 'I am Elena Marin.'],
    ['{customer.firstName} and {customer.firstName}', { customer: ioana, agent }, 'Ioana and Ioana'],
    ['Hi {customer.firstName}', { customer: null, agent }, 'Hi {customer.firstName}'],
    ['Hi {customer.name}', { customer: { firstName: 'Ada', lastName: 'Lovelace' }, agent }, 'Hi Ada Lovelace'],
    ['Order {order.id} for {customer.firstName}', { customer: ioana, agent }, 'Order {order.id} for Ioana'],
    ['Braces {} and {customer.nickname}', { customer: ioana, agent }, 'Braces {} and {customer.nickname}'],
    ['Hi { customer.firstName }', { customer: ioana, agent }, 'Hi Ioana'],
    ['From {agent.name}', { customer: ioana, agent: { name: '  ' } }, 'From {agent.name}'],
    ['Jó napot, {customer.lastName} {customer.firstName}!', { customer: { firstName: 'Eszter', lastName: 'Kovács' }, agent }, 'Jó napot, Kovács Eszter!'],
  ])('%s → %s', (text, values, expected) => {
    expect(fillVariables(text, values)).toBe(expected);
  });
});

describe('slashQuery', () => {
  it.each([
    ['/', ''],
    ['/hel', 'hel'],
    ['/re-fund', 're-fund'],
    ['/salut', 'salut'],
    ['hello', null],
    [' /hel', null],
    ['/hel lo', null],
    ['a /hel', null],
  ])('%j → %j', (draft, expected) => {
    expect(slashQuery(draft)).toBe(expected);
  });
});
