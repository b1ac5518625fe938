import { useEffect, useId, useState, type FormEvent } from 'react';
import type { AuditFilters } from '../api/audit-filters.js';

/** The filters as a form: applied together on submit, so half-typed ids never hit the BFF. */
export function AuditFilterForm({ value, onApply }: { value: AuditFilters; onApply: (filters: AuditFilters) => void }) {
  const [draft, setDraft] = useState(value);
  const id = useId();
  useEffect(() => setDraft(value), [value]);
  const field = (name: keyof AuditFilters) => ({
    id: `${id}-${name}`,
    value: draft[name],
    onChange: (event: { target: { value: string } }) => setDraft((previous) => ({ ...previous, [name]: event.target.value })),
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply({ caseId: draft.caseId.trim(), businessKey: draft.businessKey.trim(), from: draft.from, to: draft.to });
  }
  return (
    <form className="audit-filters" aria-label="Audit filters" onSubmit={submit}>
      <div className="audit-filters__field">
        <label htmlFor={`${id}-caseId`}>Case id</label>
        <input type="text" placeholder="FO-2026-…" {...field('caseId')} />
      </div>
      <div className="audit-filters__field">
        <label htmlFor={`${id}-businessKey`}>Business key</label>
        <input type="text" placeholder="order:ORD-…" {...field('businessKey')} />
      </div>
      <div className="audit-filters__field">
        <label htmlFor={`${id}-from`}>From</label>
        <input type="date" {...field('from')} />
      </div>
      <div className="audit-filters__field">
        <label htmlFor={`${id}-to`}>To (inclusive)</label>
        <input type="date" {...field('to')} />
      </div>
      <button type="submit" className="ui-button ui-button--primary">
        Apply filters
      </button>
    </form>
  );
}
