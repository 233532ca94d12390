import readline from 'node:readline';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { Role } from '../../shared/schemas/auth.js';
import { loadConfigOrExit } from '../config.js';
import { openDatabase } from '../db/open-database.js';
import { hashPassword } from './password.js';
import { passwordProblem } from './password-policy.js';

/**
 * `npm run user -- <command>`: real user accounts for a deployment, starting with its first admin.
 *   create <username> --role agent|telemarketer|supervisor|admin [--name "Display Name"] [--team T]
 *   passwd <username>       set a new password (ends every session of the user)
 *   disable <username>      the user can no longer log in (ends every session)
 *   enable <username>
 *   list
 * Passwords are read from standard input (the first line), or asked for without echo on a terminal.
 */
const USAGE = 'usage: npm run user -- create <username> --role <role> [--name "Display Name"] [--team T] | passwd <username> | disable <username> | enable <username> | list';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const rl = readline.createInterface({ input: process.stdin });
    for await (const line of rl) return line;
    return '';
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const out = rl as unknown as { _writeToOutput(s: string): void };
  let muted = false;
  out._writeToOutput = (s: string) => {
    if (!muted || s.includes(prompt)) process.stdout.write(s);
  };
  const answer = new Promise<string>((resolve) => rl.question(prompt, resolve));
  muted = true;
  const pw = await answer;
  rl.close();
  process.stdout.write('\n');
  return pw;
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { role: { type: 'string' }, name: { type: 'string' }, team: { type: 'string' } } });
const [command, username] = positionals;
if (!command || (command !== 'list' && !username)) fail(USAGE);

const config = loadConfigOrExit();
const db = await openDatabase(config, pino({ level: 'warn' }), { for: 'tool' });
const { User } = db.models;
try {
  switch (command) {
    case 'create': {
      const role = Role.safeParse(values.role);
      if (!role.success) fail(`--role must be one of: ${Role.options.join(', ')}`);
      if (!/^[a-z0-9._-]{2,64}$/i.test(username)) fail('a username has 2–64 letters, digits, dots, dashes or underscores');
      if (await User.exists({ username })) fail(`user ${username} already exists (use passwd to set a new password)`);
      const password = await readPassword(`password for ${username}: `);
      const problem = passwordProblem(password, username);
      if (problem) fail(problem);
      await User.create({ username, role: role.data, displayName: values.name, team: values.team, passwordHash: await hashPassword(password) });
      process.stdout.write(`created ${username} (${role.data})\n`);
      break;
    }
    case 'passwd': {
      if (!(await User.exists({ username }))) fail(`no user ${username}`);
      const password = await readPassword(`new password for ${username}: `);
      const problem = passwordProblem(password, username);
      if (problem) fail(problem);
      await User.updateOne({ username }, { $set: { passwordHash: await hashPassword(password) }, $inc: { tokenEpoch: 1 } });
      process.stdout.write(`password of ${username} changed; every earlier session of ${username} has ended\n`);
      break;
    }
    case 'disable':
    case 'enable': {
      const disabled = command === 'disable';
      const res = await User.updateOne({ username }, { $set: { disabled }, ...(disabled ? { $inc: { tokenEpoch: 1 } } : {}) });
      if (res.matchedCount === 0) fail(`no user ${username}`);
      process.stdout.write(`${username} ${disabled ? 'disabled' : 'enabled'}\n`);
      break;
    }
    case 'list':
      for (const u of await User.find({}, { username: 1, role: 1, disabled: 1 }).sort({ username: 1 }).lean())
        process.stdout.write(`${u.username.padEnd(24)} ${u.role.padEnd(13)} ${u.disabled ? 'disabled' : 'active'}\n`);
      break;
    default:
      fail(USAGE);
  }
} finally {
  await db.close();
}
