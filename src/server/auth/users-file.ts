// The users file of the embedded default: who may sign in, their team, roles and scrypt password hash.
// A bad file stops the start with a message naming the file and the field.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { roles } from '../../contracts/session.js';
import { parsePasswordHash } from './password.js';
import { UserDirectory } from './user-directory.js';

const userSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'use 1-64 lower-case letters, digits, dot, dash or underscore'),
  name: z.string().trim().min(1).max(100),
  team: z.string().trim().min(1).max(64).nullable(),
  roles: z
    .array(z.enum(roles))
    .min(1, 'a user needs at least one role')
    .refine((list) => new Set(list).size === list.length, 'a role is listed twice'),
  passwordHash: z.string().superRefine((value, check) => {
    const parsed = parsePasswordHash(value);
    if ('problem' in parsed) check.addIssue({ code: 'custom', message: `not a valid password hash: ${parsed.problem}` });
  }),
});

const usersFileSchema = z.strictObject({
  users: z
    .array(userSchema)
    .min(1, 'the file lists no users')
    .superRefine((users, check) => {
      const seen = new Set<string>();
      users.forEach((user, index) => {
        if (seen.has(user.id)) check.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate user id ${user.id}` });
        seen.add(user.id);
      });
    }),
});

export class UsersFileError extends Error {
  override name = 'UsersFileError';
}

/** Reads and validates the users file; throws UsersFileError naming the file and the offending field. */
export function loadUsersFile(file: string): UserDirectory {
  const shown = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(shown, 'utf8');
  } catch (error) {
    throw new UsersFileError(`Cannot read the users file ${shown} (set USERS_FILE): ${(error as Error).message}`);
  }
  return parseUsersFile(text, shown);
}

export function parseUsersFile(text: string, shownName: string): UserDirectory {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsersFileError(`Invalid users file ${shownName}: not JSON (${(error as Error).message})`);
  }
  const result = usersFileSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${fieldPath(issue.path)}: ${issue.message}`).join('; ');
    throw new UsersFileError(`Invalid users file ${shownName}: ${problems}`);
  }
  return new UserDirectory(result.data.users);
}

/** `users[2].roles[0]`, the way a person looks for it in the file. */
function fieldPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : text ? `${text}.${String(segment)}` : String(segment)), '') || '(file)';
}
