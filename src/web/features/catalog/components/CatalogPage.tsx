import { useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { EmptyState, ErrorState, SkeletonBlock } from '../../../components/ui/States.js';
import { toFailure } from '../../../lib/api-client.js';
import { useDocumentTitle } from '../../../lib/use-document-title.js';
import { matchesSearch } from '../api/catalog-anchors.js';
import { useCatalog } from '../api/get-catalog.js';
import { ActionEntry, RuleEntry, RunbookEntry, TopicEntry } from './CatalogSections.js';
import './catalog.css';

/** The ops catalog, read-only: topic contracts, runbooks, actions and classification rules, one search for all. */
export function CatalogPage() {
  useDocumentTitle('Catalog');
  const catalog = useCatalog();
  const [query, setQuery] = useState('');
  const searchId = useId();
  const { hash } = useLocation();
  const data = catalog.data;

  // Deep links (#runbook-…, #topic-…, #rule-…): the target exists only once the catalog has loaded.
  useEffect(() => {
    if (!data || !hash) return;
    const target = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!target) return;
    target.scrollIntoView?.({ block: 'start' });
    target.focus({ preventScroll: true });
  }, [data, hash]);

  const filtered = useMemo(() => {
    if (!data) return null;
    const teamNames = new Map(data.teams.map((team) => [team.id, team.name]));
    return {
      teamNames,
      topics: data.topics.filter((entry) => matchesSearch(entry, query)),
      runbooks: data.runbooks.filter((entry) => matchesSearch(entry, query)),
      actions: data.actions.filter((entry) => matchesSearch(entry, query)),
      rules: data.rules.map((rule, index) => ({ rule, position: index + 1 })).filter((entry) => matchesSearch(entry.rule, query)),
    };
  }, [data, query]);

  return (
    <div className="page catalog-page">
      <div className="page__header">
        <div>
          <h1 className="page__title">Catalog</h1>
          <p className="page__subtitle">
            What each worker promises, how failures are classified and what to do about them.
            {data ? <span className="mono"> Version {data.version}.</span> : null}
          </p>
        </div>
        <div className="catalog-search" role="search">
          <label htmlFor={searchId}>Search the catalog</label>
          <input id={searchId} type="search" value={query} onChange={(event) => setQuery(event.target.value)} placeholder="topic, runbook, rule, action…" />
        </div>
      </div>

      {catalog.isError ? (
        <ErrorState title="The catalog could not be loaded" failure={toFailure(catalog.error)} onRetry={() => void catalog.refetch()} retrying={catalog.isFetching} />
      ) : !filtered || !data ? (
        <SkeletonBlock label="Loading the catalog" />
      ) : (
        <div className="catalog-sections">
          <CatalogSection title="Topic contracts" shown={filtered.topics.length} total={data.topics.length} query={query}>
            {filtered.topics.map((topic) => (
              <TopicEntry key={topic.topic} topic={topic} teamName={filtered.teamNames.get(topic.owner) ?? topic.owner} />
            ))}
          </CatalogSection>
          <CatalogSection title="Runbooks" shown={filtered.runbooks.length} total={data.runbooks.length} query={query}>
            {filtered.runbooks.map((runbook) => (
              <RunbookEntry key={runbook.id} runbook={runbook} />
            ))}
          </CatalogSection>
          <CatalogSection title="Actions" shown={filtered.actions.length} total={data.actions.length} query={query}>
            {filtered.actions.map((action) => (
              <ActionEntry key={action.id} action={action} />
            ))}
          </CatalogSection>
          <CatalogSection title="Classification rules" shown={filtered.rules.length} total={data.rules.length} query={query} note="In evaluation order: the first rule that matches classifies a failure.">
            {filtered.rules.map((entry) => (
              <RuleEntry key={entry.rule.id} rule={entry.rule} position={entry.position} />
            ))}
          </CatalogSection>
        </div>
      )}
    </div>
  );
}

function CatalogSection({
  title,
  shown,
  total,
  query,
  note,
  children,
}: {
  title: string;
  shown: number;
  total: number;
  query: string;
  note?: string;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <section className="panel catalog-section" aria-labelledby={headingId}>
      <div className="panel__header">
        <h2 id={headingId} className="panel__title">
          {title} <span className="catalog-section__count">{shown === total ? total : `${shown} of ${total}`}</span>
        </h2>
      </div>
      {note ? <p className="catalog-section__note muted">{note}</p> : null}
      {shown === 0 ? (
        <EmptyState title={query ? `Nothing in ${title.toLowerCase()} matches “${query}”` : `No ${title.toLowerCase()} in the catalog`} />
      ) : (
        <div className="catalog-section__entries">{children}</div>
      )}
    </section>
  );
}
