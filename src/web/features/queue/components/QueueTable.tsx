import { observeElementRect, useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { EngineLabel } from '../../engines/components/EngineLabel.js';
import { memo, useEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { CaseSummary } from '../../../../contracts/cases.js';
import { CaseStateCells } from '../../../components/ui/Chips.js';
import { RelativeTime } from '../../../components/ui/Time.js';
import { entityTypeLabels } from '../../../components/ui/labels.js';
import { processLabel } from '../../../lib/format.js';
import type { QueueState, SortKey } from '../api/queue-filters.js';

const ROW_HEIGHT = 44;
/**
 * Before the first layout (and where there is no layout at all) the scroll box measures 0 px tall and the
 * virtualizer would render nothing; assume one screen until the real size arrives.
 */
const FALLBACK_VIEWPORT = 640;

interface Column {
  label: string;
  sort?: SortKey;
  className?: string;
}

// Sized to fit a 1440 px laptop screen without sideways scrolling: the process sits under the step and the
// owner under the status, so the error message keeps a column of its own.
const columns: Column[] = [
  { label: 'Case', className: 'queue-col--id' },
  { label: 'Business key', className: 'queue-col--key' },
  { label: 'Category', className: 'queue-col--category' },
  { label: 'Severity', sort: 'severity', className: 'queue-col--severity' },
  { label: 'Status · owner', className: 'queue-col--status' },
  { label: 'Step · process', className: 'queue-col--step' },
  { label: 'Error', className: 'queue-col--error' },
  { label: 'SLA due', sort: 'slaDue', className: 'queue-col--time' },
  { label: 'First seen', sort: 'firstSeen', className: 'queue-col--time' },
  { label: 'Last seen', sort: 'lastSeen', className: 'queue-col--time' },
];

export interface Selection {
  selected: ReadonlySet<string>;
  toggle: (caseId: string) => void;
  setAll: (caseIds: string[] | null) => void;
}

/** Ask for the next page when the last rendered row is this close to the end of what is loaded. */
const LOAD_AHEAD_ROWS = 30;

/**
 * The queue as one table whose body is virtualized: only the rows in (and near) the scroll box are in the
 * DOM, spacer rows keep the scroll height right, so 10 000 cases scroll as smoothly as 10. The list arrives in
 * pages; scrolling near the end of the loaded rows loads the next page.
 */
export function QueueTable({
  items,
  more,
  state,
  onSort,
  selection,
  caption,
}: {
  items: CaseSummary[];
  /** Present while further pages exist; `failed`: the last page request failed (then only the button retries). */
  more: { loading: boolean; failed: boolean; load: () => void } | null;
  state: QueueState;
  onSort: (key: SortKey) => void;
  /** Present only when the view is bulk-capable: then each row gets a checkbox. */
  selection: Selection | null;
  caption: string;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // Let React batch the re-render of a scroll with the frame instead of flushing it synchronously inside the
    // scroll event: a far jump then renders once, not once per event (the 50 ms long-task budget).
    useFlushSync: false,
    observeElementRect: (instance, callback) =>
      observeElementRect(instance, (rect) => callback(rect.height > 0 ? rect : { width: rect.width, height: FALLBACK_VIEWPORT })),
  });
  const rows = virtualizer.getVirtualItems();
  const paddingTop = rows.length > 0 ? rows[0]!.start : 0;
  const paddingBottom = rows.length > 0 ? virtualizer.getTotalSize() - rows[rows.length - 1]!.end : 0;
  const allSelected = selection !== null && items.length > 0 && selection.selected.size === items.length;
  const lastRendered = rows.length > 0 ? rows[rows.length - 1]!.index : -1;
  const nearEnd = lastRendered >= items.length - LOAD_AHEAD_ROWS;
  useEffect(() => {
    if (more && !more.loading && !more.failed && nearEnd) more.load();
  }, [more, nearEnd, items.length]);

  return (
    <div className="queue-scroll" ref={scrollRef} data-testid="queue-scroll">
      <table className="ui-table queue-table" aria-rowcount={items.length + 1}>
        <caption className="queue-table__caption">{caption}</caption>
        <thead>
          <tr aria-rowindex={1}>
            {selection ? (
              <th scope="col" className="queue-col--select">
                <input
                  type="checkbox"
                  aria-label="Select all cases in this list"
                  checked={allSelected}
                  onChange={() => selection.setAll(allSelected ? null : items.map((item) => item.id))}
                />
              </th>
            ) : null}
            {columns.map((column) => (
              <HeaderCell key={column.label} column={column} state={state} onSort={onSort} />
            ))}
          </tr>
        </thead>
        <tbody onKeyDown={(event) => onArrowKeys(event, virtualizer, items.length)}>
          {paddingTop > 0 ? <tr aria-hidden="true" style={{ height: paddingTop }} className="queue-spacer" /> : null}
          {rows.map((row) => {
            const item = items[row.index]!;
            return (
              <QueueRow
                key={item.id}
                item={item}
                index={row.index}
                selection={selection}
              />
            );
          })}
          {paddingBottom > 0 ? <tr aria-hidden="true" style={{ height: paddingBottom }} className="queue-spacer" /> : null}
        </tbody>
      </table>
      {more ? (
        <p className="queue-table__more" role="status">
          {more.loading ? (
            'Loading more cases…'
          ) : (
            <button type="button" className="ui-button" onClick={more.load}>
              {more.failed ? 'Loading more failed: try again' : 'Load more cases'}
            </button>
          )}
        </p>
      ) : null}
    </div>
  );
}

function HeaderCell({ column, state, onSort }: { column: Column; state: QueueState; onSort: (key: SortKey) => void }) {
  if (!column.sort) {
    return (
      <th scope="col" className={column.className}>
        {column.label}
      </th>
    );
  }
  const active = state.sort === column.sort;
  const ariaSort = active ? (state.order === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <th scope="col" className={column.className} aria-sort={ariaSort}>
      {/* A real button: focusable, Enter and Space sort, screen readers announce the state through aria-sort. */}
      <button type="button" className="queue-sort" onClick={() => onSort(column.sort!)}>
        {column.label}
        <span className="queue-sort__icon" aria-hidden="true">
          {active ? (state.order === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

// Memoised: scrolling re-renders the window, and rows whose case did not change need no new render.
const QueueRow = memo(function QueueRow({
  item,
  index,
  selection,
}: {
  item: CaseSummary;
  index: number;
  selection: Selection | null;
}) {
  const navigate = useNavigate();
  function onRowClick(event: MouseEvent<HTMLTableRowElement>) {
    // The link is the keyboard and middle-click target; a plain click elsewhere on the row opens it too.
    const target = event.target as HTMLElement;
    if (target.closest('a, input, button, label') || window.getSelection()?.toString()) return;
    navigate(`/cases/${encodeURIComponent(item.id)}`);
  }
  const checked = selection?.selected.has(item.id) ?? false;
  return (
    <tr
      // Fixed height (cells truncate): the virtualizer then needs no per-row measuring.
      style={{ height: ROW_HEIGHT }}
      data-index={index}
      aria-rowindex={index + 2}
      aria-selected={selection ? checked : undefined}
      className="ui-table__row--link"
      onClick={onRowClick}
      data-testid="case-row"
    >
      {selection ? (
        <td className="queue-col--select">
          <input type="checkbox" aria-label={`Select ${item.id}`} checked={checked} onChange={() => selection.toggle(item.id)} />
        </td>
      ) : null}
      <td className="queue-cell--id">
        <Link to={`/cases/${encodeURIComponent(item.id)}`} data-row-link="" className="mono">
          {item.id}
        </Link>
        <EngineLabel engineId={item.engineId} below />
      </td>
      <td>
        <span className="queue-cell--truncate">{item.businessKey ?? <span className="muted">—</span>}</span>
        {item.entity ? (
          <span className="queue-cell--sub">
            {entityTypeLabels[item.entity.type] ?? item.entity.type} {item.entity.id}
          </span>
        ) : null}
      </td>
      <CaseStateCells item={item} owner={`${item.assignee ?? 'Unassigned'} · ${item.team ?? 'no team'}`} />
      <td>
        <span className="queue-cell--truncate" title={item.activityId ?? 'The workflow never started'}>
          {item.activityName ?? item.activityId ?? <span className="muted">Not started</span>}
        </span>
        <span className="queue-cell--sub queue-cell--truncate mono">{processLabel(item.processDefinitionKey, item.processDefinitionVersion)}</span>
      </td>
      <td className="queue-cell--error">
        {/* Engine text is untrusted: rendered as a text node only, never as markup. Two lines at most. */}
        <span className="queue-cell--clamp mono" title={item.errorMessage ?? undefined} data-testid="case-error" data-technical>
          {item.errorMessage ?? '—'}
        </span>
      </td>
      <td className="queue-cell--time">
        <RelativeTime iso={item.slaDueAt} />
      </td>
      <td className="queue-cell--time">
        <RelativeTime iso={item.firstSeenAt} />
      </td>
      <td className="queue-cell--time">
        <RelativeTime iso={item.lastSeenAt} />
      </td>
    </tr>
  );
});

/** Arrow keys move between row links; the virtualizer scrolls the target into the rendered window first. */
function onArrowKeys(event: KeyboardEvent<HTMLTableSectionElement>, virtualizer: Virtualizer<HTMLDivElement, Element>, count: number) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const active = document.activeElement as HTMLElement | null;
  const row = active?.closest<HTMLTableRowElement>('tr[data-index]');
  if (!active?.matches('a[data-row-link]') || !row) return;
  const target = Number(row.dataset.index) + (event.key === 'ArrowDown' ? 1 : -1);
  if (target < 0 || target >= count) return;
  event.preventDefault();
  const body = event.currentTarget;
  const focusTarget = () => body.querySelector<HTMLAnchorElement>(`tr[data-index="${target}"] a[data-row-link]`)?.focus();
  virtualizer.scrollToIndex(target, { align: 'auto' });
  focusTarget();
  // Rows beyond the overscan appear on the next frame.
  requestAnimationFrame(focusTarget);
}
