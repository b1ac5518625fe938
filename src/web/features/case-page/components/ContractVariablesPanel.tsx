import type { CaseDetail, ContractVariableGroup } from '../../../../contracts/cases.js';
import './contract-variables.css';

/**
 * Every variable the ops catalog's contracts declare for the case's process, one small card per step (the
 * case's step first and marked), laid out in columns so the panel stays short. Values are untrusted engine text:
 * rendered as text only; sensitive ones arrive masked from the BFF.
 */
export function ContractVariablesPanel({ groups }: { groups: CaseDetail['contractVariables'] }) {
  if (!groups || groups.length === 0) return null;
  const count = groups.reduce((n, g) => n + g.variables.length, 0);
  return (
    <section className="panel" aria-labelledby="contract-variables-heading" data-testid="contract-variables">
      <header className="panel__header">
        <h2 id="contract-variables-heading" className="panel__title">
          Contract variables <span className="count-pill">{count}</span>
        </h2>
      </header>
      <div className="contract-vars">
        {groups.map((group) => (
          <Group key={`${group.topic ?? ''}-${group.activityIds.join(',')}`} group={group} />
        ))}
      </div>
    </section>
  );
}

function Group({ group }: { group: ContractVariableGroup }) {
  const set = group.variables.filter((v) => v.value !== null).length;
  return (
    <div className={group.caseStep ? 'contract-vars__group contract-vars__group--here' : 'contract-vars__group'} data-testid="contract-variable-group">
      <p className="contract-vars__head">
        <span className="contract-vars__step">{group.step}</span>
        {group.caseStep ? <span className="ui-chip contract-vars__here">this case</span> : null}
        <span className="contract-vars__count muted">
          {set}/{group.variables.length} set
        </span>
      </p>
      <dl className="contract-vars__list">
        {group.variables.map((v) => (
          <div key={`${v.direction}-${v.name}`} className="contract-vars__row" data-testid="contract-variable">
            <dt className="mono" title={v.direction === 'input' ? 'Read by the step' : 'Written by the step'}>
              {v.name}
              {v.direction === 'output' ? <span className="contract-vars__dir"> out</span> : null}
            </dt>
            <dd>
              {v.value === null ? (
                <span className="muted">not set</span>
              ) : v.masked ? (
                <span className="ui-chip" title="Sensitive: the value is not shown">
                  Masked
                </span>
              ) : (
                <code className="contract-vars__value">{v.value}</code>
              )}
            </dd>
          </div>
        ))}
      </dl>
      {group.topic ? <p className="contract-vars__topic muted">Worker topic <span className="mono">{group.topic}</span></p> : null}
    </div>
  );
}
