import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { QueueResponse } from '../../../../contracts/queues.js';
import { linkOnlyFilters, type FilterName, type QueueState } from '../api/queue-filters.js';
import { describeLinkFilter } from '../api/link-filter-labels.js';

type Facets = QueueResponse['facets'];
type FacetName = keyof Facets;

// The filters used in daily triage are always shown; the rest fold under "More filters".
const facetFilters: ReadonlyArray<{ name: FacetName & FilterName; label: string }> = [
  { name: 'category', label: 'Category' },
  { name: 'severity', label: 'Severity' },
  { name: 'processKey', label: 'Process' },
  { name: 'activityId', label: 'Activity' },
  { name: 'assignee', label: 'Assignee' },
  { name: 'team', label: 'Team' },
];
const moreFacetFilters: ReadonlyArray<{ name: FacetName & FilterName; label: string }> = [
  { name: 'source', label: 'Source' },
  { name: 'engineId', label: 'Engine' },
];
const moreFilterNames: readonly FilterName[] = ['source', 'engineId', 'processVersion', 'minAgeMinutes', 'slaBreached'];

const ageOptions = [
  { value: '', label: 'Any age' },
  { value: '15', label: 'Older than 15 min' },
  { value: '60', label: 'Older than 1 h' },
  { value: '240', label: 'Older than 4 h' },
  { value: '1440', label: 'Older than 1 day' },
];

/**
 * One control per filter; each option shows how many cases picking it would give (the BFF's facet counts,
 * computed under all the other filters). A change goes straight to the URL.
 */
export function QueueFilterBar({
  state,
  facets,
  onChange,
  onClear,
}: {
  state: QueueState;
  facets: Facets | undefined;
  onChange: (name: FilterName, value: string | null) => void;
  onClear: () => void;
}) {
  const hasFilters = Object.keys(state.filters).length > 0;
  const moreActive = moreFilterNames.filter((name) => state.filters[name]).length;
  const [showMore, setShowMore] = useState(moreActive > 0);
  const moreId = useId();
  return (
    <div className="queue-filters" role="group" aria-label="Filters">
      <FreeTextFilter value={state.filters.q ?? ''} onSubmit={(value) => onChange('q', value)} />
      <StatusFilter value={state.filters.status ?? ''} facets={facets?.status} onChange={(value) => onChange('status', value)} />
      <FacetSelects filters={facetFilters} state={state} facets={facets} onChange={onChange} />
      <button
        type="button"
        className="ui-button ui-button--small queue-filters__more"
        aria-expanded={showMore || moreActive > 0}
        aria-controls={moreId}
        // A filter in use never hides: the fold stays open while one of its filters is set.
        disabled={moreActive > 0}
        onClick={() => setShowMore((open) => !open)}
      >
        More filters{moreActive > 0 ? ` (${moreActive})` : ''}
      </button>
      <div id={moreId} className="queue-filters__more-group" hidden={!(showMore || moreActive > 0)}>
        <FacetSelects filters={moreFacetFilters} state={state} facets={facets} onChange={onChange} />
        <VersionFilter value={state.filters.processVersion ?? ''} onSubmit={(value) => onChange('processVersion', value)} />
        <LabelledSelect label="Age" value={state.filters.minAgeMinutes ?? ''} onChange={(value) => onChange('minAgeMinutes', value)}>
          {ageOptions.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </LabelledSelect>
        <LabelledSelect label="SLA" value={state.filters.slaBreached === 'true' ? 'true' : ''} onChange={(value) => onChange('slaBreached', value)}>
          <option value="">Any</option>
          <option value="true">Past due</option>
        </LabelledSelect>
      </div>
      <LinkFilterChips state={state} onRemove={(name) => onChange(name, null)} />
      {hasFilters ? (
        <button type="button" className="ui-button ui-button--small queue-filters__clear" onClick={onClear}>
          Clear filters
        </button>
      ) : null}
    </div>
  );
}

function FacetSelects({
  filters,
  state,
  facets,
  onChange,
}: {
  filters: ReadonlyArray<{ name: FacetName & FilterName; label: string }>;
  state: QueueState;
  facets: Facets | undefined;
  onChange: (name: FilterName, value: string | null) => void;
}) {
  return filters.map((filter) => (
    <FacetSelect
      key={filter.name}
      label={filter.label}
      value={state.filters[filter.name] ?? ''}
      facet={facets?.[filter.name]}
      onChange={(value) => onChange(filter.name, value)}
    />
  ));
}

function optionText(label: string, count: number): string {
  return `${label} (${count})`;
}

function FacetSelect({
  label,
  value,
  facet,
  onChange,
}: {
  label: string;
  value: string;
  facet: Facets[FacetName] | undefined;
  onChange: (value: string | null) => void;
}) {
  const options = facet ?? [];
  // A value from a shared link may have no cases now; keep it selectable so the control shows the truth.
  const missing = value && !options.some((option) => option.value === value);
  return (
    <LabelledSelect label={label} value={value} onChange={onChange}>
      <option value="">Any</option>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {optionText(option.label, option.count)}
        </option>
      ))}
      {missing ? <option value={value}>{optionText(value, 0)}</option> : null}
    </LabelledSelect>
  );
}

function StatusFilter({ value, facets, onChange }: { value: string; facets: Facets['status'] | undefined; onChange: (value: string | null) => void }) {
  const options = (facets ?? []).filter((option) => option.value !== 'open' && option.value !== 'all' && option.value !== 'incident');
  const missing = value && value !== 'all' && value !== 'incident' && !options.some((option) => option.value === value);
  return (
    <LabelledSelect label="Status" value={value} onChange={onChange}>
      <option value="">Open (not resolved)</option>
      {/* Open and still failing: without the incidents cleared outside the workbench or cancelled in the engine. */}
      <option value="incident">Open incidents (still failing)</option>
      <option value="all">All statuses</option>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {optionText(option.label, option.count)}
        </option>
      ))}
      {missing ? <option value={value}>{optionText(value, 0)}</option> : null}
    </LabelledSelect>
  );
}

function LabelledSelect({
  label,
  value,
  onChange,
  children,
}: {
  label: string;
  value: string;
  onChange: (value: string | null) => void;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <div className="queue-filter">
      <label htmlFor={id} className="queue-filter__label">
        {label}
      </label>
      <select id={id} className="queue-filter__control" value={value} onChange={(event) => onChange(event.target.value || null)}>
        {children}
      </select>
    </div>
  );
}

/** Free text applies on Enter (or the button): one URL change per search, not one per keystroke. */
function FreeTextFilter({ value, onSubmit }: { value: string; onSubmit: (value: string | null) => void }) {
  const [draft, setDraft] = useState(value);
  const id = useId();
  useEffect(() => setDraft(value), [value]);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSubmit(draft.trim() || null);
  }
  return (
    <form className="queue-filter queue-filter--text" role="search" aria-label="Filter the queue" onSubmit={submit}>
      <label htmlFor={id} className="queue-filter__label">
        Contains
      </label>
      <span className="queue-filter__inline">
        <input
          id={id}
          type="search"
          className="queue-filter__control"
          placeholder="Business key, case id, error"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" className="ui-button ui-button--small">
          Apply
        </button>
      </span>
    </form>
  );
}

function VersionFilter({ value, onSubmit }: { value: string; onSubmit: (value: string | null) => void }) {
  const [draft, setDraft] = useState(value);
  const id = useId();
  useEffect(() => setDraft(value), [value]);
  const commit = () => {
    const trimmed = draft.trim();
    if (trimmed !== value) onSubmit(/^\d+$/.test(trimmed) ? trimmed : null);
  };
  return (
    <div className="queue-filter queue-filter--narrow">
      <label htmlFor={id} className="queue-filter__label">
        Version
      </label>
      <input
        id={id}
        className="queue-filter__control"
        inputMode="numeric"
        placeholder="any"
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
        }}
      />
    </div>
  );
}

/** The filters a link brought that have no control here, each removable on its own. */
function LinkFilterChips({ state, onRemove }: { state: QueueState; onRemove: (name: FilterName) => void }) {
  const present = linkOnlyFilters.filter((name) => state.filters[name]);
  if (present.length === 0) return null;
  return (
    <div className="queue-filter queue-filter--chips">
      <span className="queue-filter__label" id="queue-link-filters">
        Also filtered by
      </span>
      <ul className="queue-chips" aria-labelledby="queue-link-filters">
        {present.map((name) => {
          const text = describeLinkFilter(name, state.filters[name]!);
          return (
            <li key={name} className="queue-chips__chip" data-testid={`link-filter-${name}`}>
              <span>{text}</span>
              <button type="button" className="queue-chips__remove" aria-label={`Remove filter: ${text}`} onClick={() => onRemove(name)}>
                ×
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
