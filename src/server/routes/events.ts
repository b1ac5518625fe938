// `GET /api/events`: the open page's stream of changes (Server-Sent Events). Authenticated by the session
// cookie like every /api route, but never counted as activity (an open tab must still time out), and without
// the read deadline (it stays open by design). Events name kinds and case ids only; the page refetches what
// it shows through the normal endpoints, whose role checks apply as always.
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { liveEvents } from '../../contracts/live.js';
import { ApiProblem } from '../api-problem.js';
import { ALL_ROLES } from '../auth/access.js';
import type { AuthServices } from '../auth/auth-services.js';
import { requireSignedIn } from '../auth/request-user.js';
import { sessionStillValid } from '../auth/session-check.js';
import { readSessionCookie } from '../auth/session-cookie.js';
import type { LiveUpdates } from '../live/live-updates.js';
import { sseEvent } from '../live/sse.js';

/** A stream that has this much unsent is not reading: it is closed (the browser reconnects and refetches). */
const MAX_BUFFERED_BYTES = 64 * 1024;
export function eventRoutes(app: FastifyInstance, live: LiveUpdates, auth: AuthServices): void {
  // Open streams would keep the HTTP server from closing: end them first.
  app.addHook('preClose', (done) => {
    live.hub.close();
    done();
  });

  app.get('/api/events', { config: { access: { roles: ALL_ROLES }, stream: true, background: true } }, async (request, reply) => {
    const { user } = requireSignedIn(request);
    const cookie = readSessionCookie(request)!;
    const body = new PassThrough();
    const admission = live.hub.admit({
      userId: user.id,
      roles: user.roles,
      write: (frame) => {
        if (body.destroyed || body.writableEnded) return true;
        if (body.writableLength + body.readableLength > MAX_BUFFERED_BYTES) {
          // A client that reads nothing would never take a polite end either: drop the connection.
          body.destroy();
          return false;
        }
        body.write(frame);
        return true;
      },
      end: () => {
        if (!body.destroyed && !body.writableEnded) body.end();
      },
    });
    if (!admission.ok) {
      body.destroy();
      throw new ApiProblem(429, 'TOO_MANY_STREAMS', admission.reason === 'USER_CAP'
        ? 'You have too many workbench pages open at once; this one refreshes by polling.'
        : 'This server has too many open pages; this one refreshes by polling.');
    }
    const recheck = setInterval(() => {
      sessionStillValid(auth, cookie)
        .then((valid) => {
          if (valid || body.writableEnded) return;
          body.write(sseEvent(liveEvents.sessionEnded, {}));
          body.end();
        })
        // The database is unreachable: the stream stays (it carries no data); the next check decides.
        .catch(() => undefined);
    }, live.sessionRecheckMs);
    recheck.unref();
    body.once('close', () => {
      clearInterval(recheck);
      admission.release();
    });
    return reply
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'no-store')
      // nginx and similar proxies buffer responses by default, which would hold events back.
      .header('x-accel-buffering', 'no')
      .send(body);
  });
}
