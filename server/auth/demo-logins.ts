import type { Logger } from 'pino';
import type { Models } from '../db/models.js';
import { DEMO_USERS } from '../seed/generate.js';
import { verifyPassword } from './password.js';

/**
 * Outside demo mode, the demo users of a directory once seeded in demo mode must not log in with the
 * published password: each that still has it is disabled (its tokens revoked), with a warning naming
 * them. A demo username given a real password (`npm run user -- passwd`) keeps working.
 */
export async function disableDemoLogins(models: Models, logger: Logger): Promise<string[]> {
  const users = await models.User.find({ username: { $in: DEMO_USERS.map((u) => u.username) }, disabled: { $ne: true } }).lean();
  const disabled: string[] = [];
  for (const user of users) {
    if (!(await verifyPassword('demo', user.passwordHash))) continue;
    await models.User.updateOne({ _id: user._id }, { $set: { disabled: true }, $inc: { tokenEpoch: 1 } });
    disabled.push(user.username);
  }
  if (disabled.length)
    logger.warn(
      { users: disabled },
      `demo logins disabled (not in demo mode): ${disabled.join(', ')}. Create real users with: npm run user -- create <username> --role admin`,
    );
  return disabled;
}
