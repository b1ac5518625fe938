// Saved views of the queue: create, list, open by link, rename/share, delete, and "add to my views" of someone
// else's shared view. Whoever may see the queue may use them; ownership is checked here, on the server.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import {
  createSavedViewRequestSchema,
  SAVED_VIEW_NAME_MAX,
  SAVED_VIEWS_PER_USER,
  updateSavedViewRequestSchema,
  type SavedView,
  type SavedViewList,
} from '../../contracts/saved-views.js';
import type { SessionUser } from '../../contracts/session.js';
import { ApiProblem } from '../api-problem.js';
import { ALL_ROLES } from '../auth/access.js';
import { requestUser } from '../auth/request-user.js';
import type { AppContext } from '../context.js';
import { SavedViewsRepo, type SavedViewRow } from '../store/saved-views-repo.js';
import { parseQueueQuery } from './queue.js';

/** The same roles as `GET /api/queue`: a view is only a way to open the queue. */
const ACCESS = { config: { access: { roles: ALL_ROLES } } };
const VIEW_ID = /^sv_[A-Za-z0-9_-]{16}$/;

const newViewId = () => `sv_${randomBytes(12).toString('base64url')}`;

function notFound(): ApiProblem {
  return new ApiProblem(404, 'SAVED_VIEW_NOT_FOUND', 'This view does not exist, was deleted, or its owner does not share it.');
}

function badBody(issues: { path: PropertyKey[]; message: string }[], message: string): ApiProblem {
  return new ApiProblem(400, 'INVALID_BODY', message, { issues: issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) });
}

/**
 * Checks a query string as `GET /api/queue` would read it and returns it without empty parameters; 400
 * INVALID_VIEW_QUERY (with the queue's own code in `details.queueCode`) when the queue would refuse it.
 */
export function checkedViewQuery(query: string, user: SessionUser, now: Date): string {
  const params = new URLSearchParams(query);
  const kept = new URLSearchParams([...params].filter(([, value]) => value.trim() !== ''));
  try {
    parseQueueQuery(Object.fromEntries(kept), user.id, now);
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    throw new ApiProblem(400, 'INVALID_VIEW_QUERY', `The view's filters are not valid: ${error.message}`, { queueCode: error.code });
  }
  return kept.toString();
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

export function savedViewRoutes(app: FastifyInstance, ctx: AppContext): void {
  const repo = new SavedViewsRepo(ctx.db);

  const present = (row: SavedViewRow, caller: SessionUser, added: boolean): SavedView => ({
    id: row.id,
    name: row.name,
    query: row.query,
    shared: row.shared,
    owner: { id: row.owner, name: ctx.users.find(row.owner)?.name ?? row.owner },
    mine: row.owner === caller.id,
    added: row.owner !== caller.id && added,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  });

  /** The view as the caller may see it: their own, or shared. Anything else is "not found", never "forbidden". */
  async function visible(viewId: string, caller: SessionUser): Promise<SavedViewRow> {
    if (!VIEW_ID.test(viewId)) throw notFound();
    const row = await repo.get(viewId);
    if (!row || (row.owner !== caller.id && !row.shared)) throw notFound();
    return row;
  }

  async function owned(viewId: string, caller: SessionUser): Promise<SavedViewRow> {
    const row = await visible(viewId, caller);
    if (row.owner !== caller.id) {
      throw new ApiProblem(403, 'NOT_VIEW_OWNER', `Only ${ctx.users.find(row.owner)?.name ?? row.owner}, who saved this view, may change or delete it.`);
    }
    return row;
  }

  app.get('/api/saved-views', ACCESS, async (request): Promise<SavedViewList> => {
    const user = requestUser(request);
    const rows = await repo.listFor(user.id);
    const owned = rows.filter((r) => !r.added).length;
    return { items: rows.map((r) => present(r, user, r.added === true)), remaining: Math.max(0, SAVED_VIEWS_PER_USER - owned) };
  });

  app.post('/api/saved-views', ACCESS, async (request, reply) => {
    const user = requestUser(request);
    const body = z.safeParse(createSavedViewRequestSchema, request.body ?? {});
    if (!body.success) {
      throw badBody(body.error.issues, `Send a name of 1 to ${SAVED_VIEW_NAME_MAX} characters and the queue's query string (its own filters, view, sort and order).`);
    }
    const now = ctx.clock.now();
    const query = checkedViewQuery(body.data.query, user, now);
    const outcome = await repo.insert({ id: newViewId(), owner: user.id, name: body.data.name, query, shared: body.data.shared ?? false, created_at: now, updated_at: now }, SAVED_VIEWS_PER_USER);
    if ('refused' in outcome) {
      if (outcome.refused === 'NAME_TAKEN') throw new ApiProblem(409, 'SAVED_VIEW_NAME_TAKEN', `You already have a view named “${body.data.name}”. Pick another name.`);
      throw new ApiProblem(409, 'SAVED_VIEW_LIMIT', `You have ${SAVED_VIEWS_PER_USER} saved views, the most one person may keep. Delete one first.`);
    }
    return reply.status(201).send(present(outcome.row, user, false));
  });

  app.get('/api/saved-views/:viewId', ACCESS, async (request): Promise<SavedView> => {
    const user = requestUser(request);
    const row = await visible((request.params as { viewId: string }).viewId, user);
    return present(row, user, row.owner !== user.id && (await repo.isAdded(user.id, row.id)));
  });

  app.patch('/api/saved-views/:viewId', ACCESS, async (request): Promise<SavedView> => {
    const user = requestUser(request);
    const body = z.safeParse(updateSavedViewRequestSchema, request.body ?? {});
    if (!body.success || (body.data.name === undefined && body.data.shared === undefined)) {
      throw badBody(body.success ? [] : body.error.issues, `Send a new name (1 to ${SAVED_VIEW_NAME_MAX} characters), shared (true or false), or both.`);
    }
    const row = await owned((request.params as { viewId: string }).viewId, user);
    const taken = () => new ApiProblem(409, 'SAVED_VIEW_NAME_TAKEN', `You already have a view named “${body.data.name}”. Pick another name.`);
    if (body.data.name !== undefined && (await repo.nameTaken(user.id, body.data.name, row.id))) throw taken();
    try {
      const updated = await repo.update(row.id, body.data, ctx.clock.now());
      if (!updated) throw notFound();
      return present(updated, user, false);
    } catch (error) {
      // Two renames to the same name at once: the unique index decides.
      if (isUniqueViolation(error)) throw taken();
      throw error;
    }
  });

  app.delete('/api/saved-views/:viewId', ACCESS, async (request) => {
    const user = requestUser(request);
    const row = await owned((request.params as { viewId: string }).viewId, user);
    await repo.delete(row.id);
    return {};
  });

  app.put('/api/saved-views/:viewId/added', ACCESS, async (request): Promise<SavedView> => {
    const user = requestUser(request);
    const row = await visible((request.params as { viewId: string }).viewId, user);
    if (row.owner === user.id) return present(row, user, false);
    await repo.add(user.id, row.id, ctx.clock.now());
    return present(row, user, true);
  });

  app.delete('/api/saved-views/:viewId/added', ACCESS, async (request) => {
    const user = requestUser(request);
    const viewId = (request.params as { viewId: string }).viewId;
    // Taking a view off one's own list needs no check of the view: it may be gone or unshared already.
    if (VIEW_ID.test(viewId)) await repo.remove(user.id, viewId);
    return {};
  });
}
