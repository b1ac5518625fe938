// Prints a scrypt hash for the users file. The password is read from stdin (never an argument, which
// would end up in the shell history and the process list):
//   printf '%s' 'my password' | npx tsx scripts/hash-password.ts
// or run it in a terminal and type the password (not echoed).
import { hashPassword } from '../src/server/auth/password.js';

async function readPassword(): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    // One trailing newline is how `echo` ends input, not part of the password.
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  process.stderr.write('Password: ');
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    stdin.on('data', (key: string) => {
      for (const ch of key) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          process.stderr.write('\n');
          return resolve(typed);
        }
        if (ch === '\u0003') return reject(new Error('cancelled'));
        if (ch === '\u007f') typed = typed.slice(0, -1);
        else typed += ch;
      }
    });
  });
}

const password = await readPassword();
if (!password) {
  console.error('No password given.');
  process.exit(1);
}
console.log(await hashPassword(password));
