import type { CaseDetail } from '../../../../contracts/cases.js';

/** The failing step's contract inputs as the engine holds them. Values are untrusted: rendered as text only. */
export function VariablesPanel({ variables }: { variables: CaseDetail['variables'] }) {
  return (
    <section className="panel" aria-labelledby="variables-heading" data-testid="variables-panel">
      <header className="panel__header">
        <h2 id="variables-heading" className="panel__title">
          Variables <span className="count-pill">{variables.length}</span>
        </h2>
      </header>
      {variables.length === 0 ? (
        <p className="panel__body muted">No input variables of this step to show.</p>
      ) : (
        <table className="variables-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {variables.map((v) => (
              <tr key={v.name} data-testid="variable-row">
                <th scope="row" className="mono">
                  {v.name}
                </th>
                <td>{v.type}</td>
                <td>
                  <code className="variables-table__value">{v.value}</code>
                  {v.masked ? (
                    <span className="ui-chip variables-table__masked" title="Sensitive: the value is not shown">
                      Masked
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
