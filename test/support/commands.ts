import type { Connection } from 'mongoose';

export interface StartedCommand {
  name: string;
  /** The collection it names (none for commands on the database or the server). */
  collection?: string;
  command: Record<string, unknown>;
}

/**
 * The database commands started on `conn` while `fn` runs (and whatever it awaits): how many commands a
 * piece of work costs, and on which collections. The connection must monitor commands
 * (`freshDatabase` turns that on).
 */
export async function commandsDuring(conn: Connection, fn: () => Promise<unknown>): Promise<StartedCommand[]> {
  const client = conn.getClient();
  const started: StartedCommand[] = [];
  const onStart = (e: { commandName: string; command: Record<string, unknown> }) => {
    const coll = e.command[e.commandName];
    started.push({ name: e.commandName, ...(typeof coll === 'string' ? { collection: coll } : {}), command: e.command });
  };
  client.on('commandStarted', onStart);
  try {
    await fn();
  } finally {
    client.off('commandStarted', onStart);
  }
  return started;
}
