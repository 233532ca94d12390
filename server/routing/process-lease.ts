import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Logger } from 'pino';
import type { Models } from '../db/models.js';
import type { RoutingService } from './routing.service.js';

/** The id of this console process's lease: the key its screens' connections are counted under. */
export const newProcessId = () => randomBytes(8).toString('hex');

/**
 * Keeps this process's lease alive (renewed every third of `leaseMs`) and takes back the connections
 * of processes whose lease expired: at start-up, then on every renewal. Connections counted before
 * leases existed (no per-process share) are dropped at start-up too: their processes are gone.
 */
export async function startProcessLease(models: Models, routing: RoutingService, logger: Logger, processId: string, leaseMs: number) {
  const { ProcessLease, Agent } = models;
  const renew = () =>
    ProcessLease.updateOne(
      { _id: processId },
      { $set: { expiresAt: new Date(Date.now() + leaseMs) }, $setOnInsert: { host: os.hostname(), pid: process.pid, startedAt: new Date() } },
      { upsert: true },
    );
  const sweep = async () => {
    for (const dead of await ProcessLease.find({ _id: { $ne: processId }, expiresAt: { $lt: new Date() } }).lean()) {
      const released = await routing.releaseProcess(dead._id);
      await ProcessLease.deleteOne({ _id: dead._id, expiresAt: dead.expiresAt });
      logger.warn({ process: dead._id, host: dead.host, pid: dead.pid, released }, 'a console process stopped renewing its lease: its screens\' connections were dropped');
    }
  };
  await renew();
  const legacy = await Agent.updateMany({ connections: { $gt: 0 }, sessions: { $exists: false } }, { $set: { connections: 0 } });
  if (legacy.modifiedCount) logger.warn({ agents: legacy.modifiedCount }, 'dropped connections counted before process leases existed');
  await sweep();
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    renew()
      .then(sweep)
      .catch((err) => logger.warn({ err }, 'process lease: renewal or sweep failed; retrying'))
      .finally(() => (running = false));
  }, Math.max(100, Math.floor(leaseMs / 3)));
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await ProcessLease.deleteOne({ _id: processId }).catch(() => {});
    },
  };
}
