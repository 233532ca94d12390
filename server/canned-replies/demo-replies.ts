import type { CannedReplyInput } from '../../shared/schemas/canned-replies.js';

/**
 * The demo's canned replies (seeded with the demo data): greetings and everyday answers with
 * variables, some for one team (the demo agents' teams: inbound-north, languages), a few in the
 * languages the console speaks.
 */
export const DEMO_CANNED_REPLIES: ReadonlyArray<Required<CannedReplyInput>> = [
  { title: 'Greeting', shortcut: 'hello', team: null, text: 'Hello {customer.firstName}, thank you for contacting us. My name is {agent.name}. How can I help you today?' },
  { title: 'One moment', shortcut: 'wait', team: null, text: 'Thank you, {customer.firstName}. Please give me a moment while I check that for you.' },
  { title: 'Order number', shortcut: 'order', team: null, text: 'Could you tell me your order number, please? You will find it in your confirmation e-mail.' },
  { title: 'Delivery times', shortcut: 'delivery', team: null, text: 'Standard delivery takes 2–4 working days; you will get an e-mail with the tracking link once your order leaves our warehouse.' },
  { title: 'Closing', shortcut: 'bye', team: null, text: 'Is there anything else I can help you with, {customer.firstName}? Thank you for chatting with us, and have a lovely day.' },
  { title: 'Repair booking', shortcut: 'repair', team: 'inbound-north', text: 'I can book an engineer visit for you, {customer.name}. Which days this week suit you best?' },
  { title: 'Salut (română)', shortcut: 'salut', team: 'languages', text: 'Bună ziua, {customer.firstName}! Sunt {agent.name}. Cu ce vă pot ajuta astăzi?' },
  { title: 'Köszöntés (magyar)', shortcut: 'szia', team: 'languages', text: 'Jó napot kívánok, {customer.lastName} {customer.firstName}! {agent.name} vagyok. Miben segíthetek?' },
  { title: 'Saludo (español)', shortcut: 'hola', team: null, text: 'Hola {customer.firstName}, gracias por escribirnos. Soy {agent.name}, ¿en qué puedo ayudarle?' },
];
