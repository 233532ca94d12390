import type { Cursors } from '../cursors.js';
import { badValue, typeMismatch } from '../errors.js';
import type { Doc } from '../keys.js';
import type { Storage } from '../storage.js';
import type { OpCounters } from '../opcounters.js';
import type { Top } from '../top.js';

export interface CommandContext {
  storage: Storage;
  cursors: Cursors;
  connectionId: number;
  /** The server's operation counts (serverStatus), shared by its connections. */
  opcounters: OpCounters;
  /** Commands and their time per collection (the `top` command), shared by its connections. */
  top: Top;
}

export type Handler = (cmd: Doc, db: string, ctx: CommandContext) => Doc | Promise<Doc>;

/** The collection name a command targets (its first field's value). */
export function target(cmd: Doc, name: string): string {
  const v = cmd[name];
  if (typeof v !== 'string' || v.length === 0) throw typeMismatch(`collection name must be a non-empty string, got ${typeof v}`);
  return v;
}

export const asDoc = (v: unknown, what: string): Doc => {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw typeMismatch(`${what} must be an object`);
  return v as Doc;
};

export const asArray = (v: unknown, what: string): unknown[] => {
  if (!Array.isArray(v)) throw badValue(`${what} must be an array`);
  return v;
};

export const asNumber = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
