import { Link } from 'react-router';
import type { CatalogView } from '../../../../contracts/catalog.js';
import { CategoryChip, SeverityChip } from '../../../components/ui/Chips.js';
import { catalogAnchor, catalogHref } from '../api/catalog-anchors.js';

type Topic = CatalogView['topics'][number];
type Runbook = CatalogView['runbooks'][number];
type Action = CatalogView['actions'][number];
type Rule = CatalogView['rules'][number];

function List({ items }: { items: string[] }) {
  if (items.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="catalog-list">
      {items.map((item, index) => (
        <li key={index}>{item}</li>
      ))}
    </ul>
  );
}

export function TopicEntry({ topic, teamName }: { topic: Topic; teamName: string }) {
  return (
    <article id={catalogAnchor.topic(topic.topic)} className="catalog-entry" tabIndex={-1} aria-labelledby={`${catalogAnchor.topic(topic.topic)}-title`}>
      <h3 id={`${catalogAnchor.topic(topic.topic)}-title`} className="catalog-entry__title mono">
        {topic.topic}
      </h3>
      <p>{topic.description}</p>
      <dl className="catalog-facts">
        <dt>Process</dt>
        <dd className="mono">{topic.processDefinitionKey}</dd>
        <dt>Owner</dt>
        <dd>{teamName}</dd>
        <dt>Activities</dt>
        <dd className="mono">{topic.activityIds.join(', ')}</dd>
        <dt>Inputs</dt>
        <dd className="mono">{topic.inputVariables.join(', ') || '—'}</dd>
        <dt>Outputs</dt>
        <dd className="mono">{topic.outputVariables.join(', ') || '—'}</dd>
        <dt>Side effect</dt>
        <dd>{topic.sideEffect}</dd>
        <dt>Idempotency key</dt>
        <dd className="mono">{topic.idempotencyKey ?? 'none'}</dd>
        <dt>Lock</dt>
        <dd>{topic.maxLockDuration}</dd>
        <dt>Retry</dt>
        <dd>
          {topic.retryPolicy} ({topic.retry.attempts} attempts)
        </dd>
        <dt>Technical failure</dt>
        <dd>{topic.failureSemantics.technicalFailure}</dd>
        <dt>Business failure</dt>
        <dd>{topic.failureSemantics.businessFailure}</dd>
        <dt>Unknown outcome</dt>
        <dd>{topic.failureSemantics.unknownOutcome}</dd>
        {topic.reconciliation ? (
          <>
            <dt>Reconciliation</dt>
            <dd>
              {topic.reconciliation.service} <span className="mono">{topic.reconciliation.statusCheck.path}</span>
            </dd>
          </>
        ) : null}
      </dl>
    </article>
  );
}

const runbookSections: Array<{ key: keyof Omit<Runbook, 'id' | 'title'>; label: string }> = [
  { key: 'symptoms', label: 'Symptoms' },
  { key: 'impact', label: 'Impact' },
  { key: 'doNot', label: 'Do not' },
  { key: 'diagnosis', label: 'Diagnosis' },
  { key: 'safeRecovery', label: 'Safe recovery' },
  { key: 'verification', label: 'Verification' },
];

export function RunbookEntry({ runbook }: { runbook: Runbook }) {
  const anchor = catalogAnchor.runbook(runbook.id);
  return (
    <article id={anchor} className="catalog-entry" tabIndex={-1} aria-labelledby={`${anchor}-title`}>
      <h3 id={`${anchor}-title`} className="catalog-entry__title">
        {runbook.title} <span className="catalog-entry__id mono">{runbook.id}</span>
      </h3>
      <dl className="catalog-facts">
        {runbookSections.map((section) => (
          <div key={section.key} className="catalog-facts__row">
            <dt>{section.label}</dt>
            <dd>
              <List items={runbook[section.key]} />
            </dd>
          </div>
        ))}
      </dl>
    </article>
  );
}

export function ActionEntry({ action }: { action: Action }) {
  const anchor = catalogAnchor.action(action.id);
  return (
    <article id={anchor} className="catalog-entry" tabIndex={-1} aria-labelledby={`${anchor}-title`}>
      <h3 id={`${anchor}-title`} className="catalog-entry__title">
        {action.label} <span className="catalog-entry__id mono">{action.id}</span>
      </h3>
      <p>{action.description}</p>
      <dl className="catalog-facts">
        <dt>Roles</dt>
        <dd>{action.roles.join(', ')}</dd>
        <dt>Categories</dt>
        <dd>{action.categories.join(', ') || 'any'}</dd>
        <dt>Evidence needed</dt>
        <dd>{action.requiredEvidence === 'none' ? 'none' : `domain says ${action.requiredEvidence}`}</dd>
        <dt>Safe</dt>
        <dd>{action.safe ? 'Yes: changes nothing outside the workbench' : 'No'}</dd>
        <dt>Domain effect</dt>
        <dd>{action.domainEffect}</dd>
        <dt>Engine effect</dt>
        <dd>{action.engineEffect}</dd>
      </dl>
    </article>
  );
}

export function RuleEntry({ rule, position }: { rule: Rule; position: number }) {
  const anchor = catalogAnchor.rule(rule.id);
  return (
    <article id={anchor} className="catalog-entry" tabIndex={-1} aria-labelledby={`${anchor}-title`}>
      <h3 id={`${anchor}-title`} className="catalog-entry__title">
        <span className="muted">#{position}</span> <span className="mono">{rule.id}</span>
      </h3>
      <p className="catalog-entry__chips">
        <CategoryChip category={rule.category} /> <SeverityChip severity={rule.severity} />
      </p>
      <dl className="catalog-facts">
        <dt>Process</dt>
        <dd className="mono">{rule.processDefinitionKey ?? 'any'}</dd>
        <dt>Activity</dt>
        <dd className="mono">{rule.activityId ?? 'any'}</dd>
        <dt>Topic</dt>
        <dd className="mono">{rule.topic ? <Link to={catalogHref('topic', rule.topic)}>{rule.topic}</Link> : 'any'}</dd>
        <dt>Incident type</dt>
        <dd className="mono">{rule.incidentType ?? 'any'}</dd>
        <dt>Message pattern</dt>
        <dd className="mono">{rule.messagePattern ?? 'any message'}</dd>
        <dt>Runbook</dt>
        <dd>
          <Link to={catalogHref('runbook', rule.runbookId)} className="mono">
            {rule.runbookId}
          </Link>
        </dd>
      </dl>
    </article>
  );
}
