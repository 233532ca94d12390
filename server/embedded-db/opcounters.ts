import type { Doc } from './keys.js';

/**
 * serverStatus's `opcounters`, counted as mongod counts them: a document of an insert, a statement of
 * an update or a delete, a find or an aggregate (a query since MongoDB 7), a getMore; every other command
 * (findAndModify, count, hello, serverStatus itself) is a `command`. Counted when received, whether it
 * then succeeds or not. Monitoring reads the difference between two readings as operations a second.
 */
export interface OpCounters {
  insert: number;
  query: number;
  update: number;
  delete: number;
  getmore: number;
  command: number;
}

export const newOpCounters = (): OpCounters => ({ insert: 0, query: 0, update: 0, delete: 0, getmore: 0, command: 0 });

const statements = (v: unknown) => (Array.isArray(v) ? v.length : 0);

/** Counts one received command, `name` being its first field. */
export function countCommand(c: OpCounters, name: string, command: Doc): void {
  switch (name) {
    case 'insert':
      c.insert += statements(command.documents);
      break;
    case 'update':
      c.update += statements(command.updates);
      break;
    case 'delete':
      c.delete += statements(command.deletes);
      break;
    case 'find':
    case 'aggregate':
      c.query++;
      break;
    case 'getMore':
      c.getmore++;
      break;
    default:
      c.command++;
  }
}
