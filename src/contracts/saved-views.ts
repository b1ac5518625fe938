import * as z from 'zod/mini';
import { isoTimestamp } from './common.js';
import { queueQueryParamNames } from './queues.js';

/**
 * Saved views of the queue: a name for a queue query string (`view=team&category=UNKNOWN_OUTCOME&sort=age`),
 * owned by the user who saved it. A shared view opens by its link (`/views/<id>`) for anyone who may see the
 * queue; only its owner renames, shares or deletes it. Another user may add a shared view to their own list
 * ("Add to my views"); it leaves their list when they remove it, or when the owner stops sharing or deletes it.
 */

export const SAVED_VIEW_NAME_MAX = 60;
/** Views one user may own (views added from others' links do not count). */
export const SAVED_VIEWS_PER_USER = 50;
export const SAVED_VIEW_QUERY_MAX = 2000;

const name = z.string().check(z.trim(), z.minLength(1), z.maxLength(SAVED_VIEW_NAME_MAX));

/**
 * The queue's query string without a leading `?`: only the queue's own parameters (`queueQueryParamNames`),
 * each at most once. The BFF also checks every value as `GET /api/queue` would (400 `INVALID_VIEW_QUERY`).
 */
export const savedViewQuerySchema = z.string().check(
  z.maxLength(SAVED_VIEW_QUERY_MAX),
  z.refine((query) => {
    const names = [...new URLSearchParams(query).keys()];
    return names.every((n) => (queueQueryParamNames as readonly string[]).includes(n)) && new Set(names).size === names.length;
  }, 'only the queue’s own filters, view, sort and order, each once'),
);

export const savedViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  query: z.string(),
  shared: z.boolean(),
  /** Who saved it; `name` is the display name. */
  owner: z.object({ id: z.string(), name: z.string() }),
  /** The caller owns it (may rename, share, delete). */
  mine: z.boolean(),
  /** Not the caller's: in their list because they added it from its link. */
  added: z.boolean(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type SavedView = z.infer<typeof savedViewSchema>;

export const savedViewListSchema = z.object({
  /** The caller's own views (oldest first), then the shared views they added. */
  items: z.array(savedViewSchema),
  /** How many more views the caller may save. */
  remaining: z.number(),
});
export type SavedViewList = z.infer<typeof savedViewListSchema>;

export const createSavedViewRequestSchema = z.strictObject({
  name,
  query: savedViewQuerySchema,
  shared: z.optional(z.boolean()),
});
export type CreateSavedViewRequest = z.infer<typeof createSavedViewRequestSchema>;

/** A view's name alone, as the save and rename dialogs ask it. */
export const savedViewNameSchema = z.strictObject({ name });

/** Rename and/or share (or stop sharing); at least one of the two. */
export const updateSavedViewRequestSchema = z.strictObject({
  name: z.optional(name),
  shared: z.optional(z.boolean()),
});
export type UpdateSavedViewRequest = z.infer<typeof updateSavedViewRequestSchema>;

export const recentOrdersSchema = z.object({
  /** Orders the caller opened (order view or a case of the order), most recent first, at most 10. */
  items: z.array(z.object({ orderId: z.string(), viewedAt: isoTimestamp })),
});
export type RecentOrders = z.infer<typeof recentOrdersSchema>;
