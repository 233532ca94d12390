import type { Handler } from './context.js';

/** Commands about the storage itself (its health is in serverStatus, admin.ts). */
export const storageCommands: Record<string, Handler> = {
  /** mongod's compact takes a collection; ours folds every collection's journal into a new snapshot. */
  compact: async (_cmd, _db, ctx) => {
    await ctx.storage.compactNow();
    return { ok: 1 };
  },
};
