import { Link } from 'react-router';
import type { CatalogView } from '../../../../contracts/catalog.js';
import { CategoryChip, SeverityChip } from '../../../components/ui/Chips.js';
import { categoryLabels, sideEffectLabel } from '../../../components/ui/labels.js';
import { isoDurationInWords, retryCycleInWords } from '../../../lib/duration-words.js';
import { fillPlaceholders } from '../../../lib/placeholders.js';
import { plural } from '../../../lib/format.js';
import { TextWithCodes } from '../../../components/ui/TextWithCodes.js';
import { findingLabels } from '../../../lib/command-outcome.js';
import { roleLabels } from '../../session/roles.js';
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
        <li key={index}>
          <TextWithCodes text={fillPlaceholders(item)} />
        </li>
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
      <p>
        <TextWithCodes text={fillPlaceholders(topic.description)} />
      </p>
      <dl className="catalog-facts">
        {/* The engine's names for the contract (process key, activity ids, variables) are technical details. */}
        <dt>Process</dt>
        <dd className="mono" data-technical>
          {topic.processDefinitionKey}
        </dd>
        <dt>Owner</dt>
        <dd>{teamName}</dd>
        <dt>Activities</dt>
        <dd className="mono" data-technical>
          {topic.activityIds.join(', ')}
        </dd>
        <dt>Inputs</dt>
        <dd className="mono" data-technical>
          {topic.inputVariables.join(', ') || '—'}
        </dd>
        <dt>Outputs</dt>
        <dd className="mono" data-technical>
          {topic.outputVariables.join(', ') || '—'}
        </dd>
        <dt>Side effect</dt>
        <dd title={topic.sideEffect}>{sideEffectLabel(topic.sideEffect)}</dd>
        <dt>Idempotency key</dt>
        <dd className="mono">{topic.idempotencyKey ? fillPlaceholders(topic.idempotencyKey) : 'none'}</dd>
        <dt>Lock</dt>
        <dd title={topic.maxLockDuration}>{isoDurationInWords(topic.maxLockDuration)}</dd>
        <dt>Retry</dt>
        <dd title={topic.retryPolicy}>
          {retryCycleInWords(topic.retryPolicy)} ({plural(topic.retry.attempts, 'attempt')})
        </dd>
        <dt>Technical failure</dt>
        <dd>
          <TextWithCodes text={fillPlaceholders(topic.failureSemantics.technicalFailure)} />
        </dd>
        <dt>Business failure</dt>
        <dd>
          <TextWithCodes text={fillPlaceholders(topic.failureSemantics.businessFailure)} />
        </dd>
        <dt>Unknown outcome</dt>
        <dd>
          <TextWithCodes text={fillPlaceholders(topic.failureSemantics.unknownOutcome)} />
        </dd>
        {topic.reconciliation ? (
          <>
            <dt>Reconciliation</dt>
            <dd>
              {topic.reconciliation.service}{' '}
              <span className="mono" data-technical>
                {topic.reconciliation.statusCheck.path}
              </span>
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
        {action.label}{' '}
        <span className="catalog-entry__id mono" data-technical>
          {action.id}
        </span>
      </h3>
      <p>
        <TextWithCodes text={fillPlaceholders(action.description)} />
      </p>
      <dl className="catalog-facts">
        <dt>Roles</dt>
        <dd>{action.roles.map((role) => roleLabels[role]).join(', ')}</dd>
        <dt>Categories</dt>
        <dd>{action.categories.map((category) => categoryLabels[category]).join(', ') || 'any'}</dd>
        <dt>Evidence needed</dt>
        <dd>{action.requiredEvidence === 'none' ? 'none' : `the domain service's answer: ${findingLabels[action.requiredEvidence].toLowerCase()}`}</dd>
        <dt>Safe</dt>
        <dd>{action.safe ? 'Yes: changes nothing outside the workbench' : 'No'}</dd>
        <dt>Domain effect</dt>
        <dd>{fillPlaceholders(action.domainEffect)}</dd>
        <dt>Engine effect</dt>
        <dd>{fillPlaceholders(action.engineEffect)}</dd>
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
        <dd className="mono" data-technical>
          {rule.processDefinitionKey ?? 'any'}
        </dd>
        <dt>Activity</dt>
        <dd className="mono" data-technical>
          {rule.activityId ?? 'any'}
        </dd>
        <dt>Topic</dt>
        <dd className="mono">{rule.topic ? <Link to={catalogHref('topic', rule.topic)}>{rule.topic}</Link> : 'any'}</dd>
        <dt>Incident type</dt>
        <dd className="mono" data-technical>
          {rule.incidentType ?? 'any'}
        </dd>
        <dt>Message pattern</dt>
        <dd className="mono" data-technical>
          {rule.messagePattern ?? 'any message'}
        </dd>
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
