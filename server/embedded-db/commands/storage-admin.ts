import type { Handler } from './context.js';

/** Commands about the storage itself: its health, and folding the journals now. */
export const storageCommands: Record<string, Handler> = {
  /**
   * mongod's serverStatus, with what the console's health check needs of ours: `embeddedStorage`
   * says `degraded` (and why) while changes cannot be made durable.
   */
  serverStatus: (_cmd, _db, ctx) => ({
    host: 'localhost',
    version: '7.0.0',
    process: 'embedded',
    pid: process.pid,
    uptime: Math.floor(process.uptime()),
    uptimeMillis: Math.floor(process.uptime() * 1000),
    localTime: new Date(),
    storageEngine: { name: 'embedded', persistent: ctx.storage.durable },
    embeddedStorage: ctx.storage.health(),
    ok: 1,
  }),
  /** mongod's compact takes a collection; ours folds every collection's journal into the snapshot. */
  compact: async (_cmd, _db, ctx) => {
    await ctx.storage.compactNow();
    return { ok: 1 };
  },
};
