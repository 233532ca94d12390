import type messages from './messages';

/** A text of the widget's catalogue (messages.ts). */
export type MessageKey = keyof (typeof messages)['en'];
