// Deep-link targets on the catalog page (`/catalog#runbook-<id>`), shared with the pages that link here.
export const catalogAnchor = {
  runbook: (id: string) => `runbook-${id}`,
  topic: (topic: string) => `topic-${topic}`,
  rule: (id: string) => `rule-${id}`,
  action: (id: string) => `action-${id}`,
};

export function catalogHref(kind: keyof typeof catalogAnchor, id: string): string {
  return `/catalog#${encodeURIComponent(catalogAnchor[kind](id))}`;
}

/** One search box for every section: an entry matches when any of its text contains every word typed. */
export function matchesSearch(entry: unknown, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = JSON.stringify(entry).toLowerCase();
  return words.every((word) => text.includes(word));
}
