import { adminCommands } from './admin.js';
import { collAdminCommands } from './coll-admin.js';
import type { Handler } from './context.js';
import { ddlCommands } from './ddl.js';
import { readCommands } from './read.js';
import { storageCommands } from './storage-admin.js';
import { writeCommands } from './write.js';

export type { CommandContext } from './context.js';

/** Every command the embedded database answers; anything else gets CommandNotFound. */
export const commands: Record<string, Handler> = {
  ...adminCommands,
  ...ddlCommands,
  ...readCommands,
  ...writeCommands,
  ...storageCommands,
  ...collAdminCommands,
};
