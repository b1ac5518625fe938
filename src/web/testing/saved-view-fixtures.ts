// Saved views and recent orders as the BFF answers them, for component tests (checked by the contracts in `respond`).
import type { RecentOrders, SavedView, SavedViewList } from '../../contracts/saved-views.js';

export function buildSavedView(overrides: Partial<SavedView> = {}): SavedView {
  return {
    id: 'sv_AAAAAAAAAAAAAAAA',
    name: 'Unknown outcomes',
    query: 'view=team&category=UNKNOWN_OUTCOME',
    shared: false,
    owner: { id: 'olivia.ops', name: 'Olivia Ops' },
    mine: true,
    added: false,
    createdAt: '2026-01-05T02:00:00.000Z',
    updatedAt: '2026-01-05T02:00:00.000Z',
    ...overrides,
  };
}

export function buildSavedViewList(items: SavedView[] = [], remaining = 50 - items.filter((v) => v.mine).length): SavedViewList {
  return { items, remaining };
}

export function buildRecentOrders(items: RecentOrders['items'] = []): RecentOrders {
  return { items };
}
