// The BFF's log: Fastify's pino logger, one JSON object per line, and every line of a request carries its
// `requestId` (taken from a sane incoming X-Request-Id, else generated; echoed in the answer; forwarded to the
// engine and the domain services by their HTTP clients through request-id.ts).
import { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { REQUEST_ID_HEADER, requestIdFrom, runWithRequestId } from '../request-id.js';

/** Off, on (JSON to stdout at `info`), or on with a level and a destination (tests capture lines with a stream). */
export type LogSetting = boolean | { level?: string; stream?: { write(line: string): void } };

/**
 * Never written, wherever they turn up in a log object: the session cookie, the CSRF token, basic-auth
 * credentials of the engine user, passwords. Fastify's own request and response serializers log no headers or
 * bodies; these paths also cover whoever logs a header set, an error carrying request options, or a body.
 */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]',
  'headers.authorization', 'headers.cookie', 'headers["x-csrf-token"]', 'headers["set-cookie"]',
  '*.headers.authorization', '*.headers.cookie', '*.headers["x-csrf-token"]',
  'authorization', 'cookie', 'password', 'csrfToken', '*.password', '*.csrfToken', '*.authorization', '*.cookie',
];

/** The Fastify options that make its logger the workbench's: JSON lines, request ids, redaction. */
export function logOptions(setting: LogSetting): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'requestIdHeader' | 'logController'> {
  const custom = typeof setting === 'object' ? setting : {};
  return {
    logger: setting
      ? { level: custom.level ?? 'info', ...(custom.stream ? { stream: custom.stream } : {}), redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } }
      : false,
    // Fastify's own header option would take any value as it is; the id is checked here instead.
    requestIdHeader: false,
    genReqId: (raw) => requestIdFrom(raw.headers[REQUEST_ID_HEADER]),
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
  };
}

/**
 * Echoes the request id on every answer (errors included) and runs the request's work with it, so the engine
 * and domain-service clients can forward it. Register first, before any other hook.
 */
export function registerRequestId(app: FastifyInstance): void {
  // Every later hook, the body's parsing and the handler run inside this context (a body that arrives in a
  // later socket read included: request-id.test.ts sends one so and checks the engine call still carries it).
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    runWithRequestId(request.id, done);
  });
}
