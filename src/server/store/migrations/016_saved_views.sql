-- Saved views of the queue (a name for a queue query string), the shared views other users added to their
-- list, and each user's recently opened orders (support's landing). Per-user data, never case data: no
-- change-feed triggers.

CREATE TABLE saved_view (
  -- Random and unguessable: a shared view's link is its id.
  id          text PRIMARY KEY,
  owner       text NOT NULL,
  name        text NOT NULL,
  -- The queue's query string, checked as GET /api/queue checks it when saved.
  query       text NOT NULL,
  shared      boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL
);
-- One name once per owner (case-insensitive); also the index of an owner's list.
CREATE UNIQUE INDEX saved_view_owner_name ON saved_view (owner, lower(name));

-- "Add to my views" of someone else's shared view. Gone with the view; hidden while it is not shared.
CREATE TABLE saved_view_added (
  user_id   text NOT NULL,
  view_id   text NOT NULL REFERENCES saved_view (id) ON DELETE CASCADE,
  added_at  timestamptz NOT NULL,
  PRIMARY KEY (user_id, view_id)
);
CREATE INDEX saved_view_added_view ON saved_view_added (view_id);

-- The last orders each user opened; trimmed to the newest 10 per user on every write, so it never grows
-- past 10 rows a user.
CREATE TABLE recent_order (
  user_id    text NOT NULL,
  order_id   text NOT NULL,
  viewed_at  timestamptz NOT NULL,
  PRIMARY KEY (user_id, order_id)
);
CREATE INDEX recent_order_user_time ON recent_order (user_id, viewed_at DESC);
