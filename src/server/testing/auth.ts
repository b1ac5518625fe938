// Signs a demo user in against an in-process BFF, for tests that call the API with `app.inject`.
import type { FastifyInstance } from 'fastify';
import { CSRF_HEADER, type Session } from '../../contracts/session.js';
import { SESSION_COOKIE } from '../auth/session-cookie.js';

/** The one password of every demo user in `config/users.json`. */
export const DEMO_PASSWORD = 'fallout-demo';

export interface TestLogin {
  /** `fw_session=<id>`, ready for a Cookie header. */
  cookie: string;
  csrfToken: string;
  /** Cookie plus X-CSRF-Token: spread into `app.inject({ headers })` for any request, mutating or not. */
  headers: Record<string, string>;
  session: Session;
}

export async function loginAs(app: FastifyInstance, userId: string, password = DEMO_PASSWORD): Promise<TestLogin> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: userId, password } });
  if (response.statusCode !== 200) throw new Error(`Sign-in as ${userId} failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error(`Sign-in as ${userId} set no ${SESSION_COOKIE} cookie`);
  const session = response.json() as Session;
  const cookieHeader = `${SESSION_COOKIE}=${cookie.value}`;
  return { cookie: cookieHeader, csrfToken: session.csrfToken, headers: { cookie: cookieHeader, [CSRF_HEADER]: session.csrfToken }, session };
}
