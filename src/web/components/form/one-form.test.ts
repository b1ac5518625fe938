import { describe, expect, it } from 'vitest';

// Keeps the SPA on one form component: a feature that asks the user for input and sends it to the BFF builds
// it with SchemaForm (labels, required markers, messages, focus, pending and server errors in one place).
// Only filter bars, which change the address and send nothing, may render a plain <form>.
const FILTER_FORMS = new Set(['../../features/audit/components/AuditFilterForm.tsx', '../../features/queue/components/QueueFilterBar.tsx']);

const sources = import.meta.glob<string>('../../features/**/*.tsx', { query: '?raw', import: 'default', eager: true });

describe('one form component', () => {
  it('finds the feature components to check', () => {
    expect(Object.keys(sources)).toContain('../../features/case-page/components/ActionDialog.tsx');
  });

  it('no feature component renders a raw <form> except the filter bars', () => {
    const raw = Object.entries(sources)
      .filter(([path, text]) => !path.endsWith('.test.tsx') && !FILTER_FORMS.has(path) && /<form[\s>]/.test(text))
      .map(([path]) => path);
    expect(raw).toEqual([]);
  });

  it('the five form dialogs are built on SchemaForm', () => {
    const dialogs = [
      '../../features/case-page/components/ActionDialog.tsx',
      '../../features/queue/components/BulkRetryDialog.tsx',
      '../../features/freezes/components/CreateFreezeForm.tsx',
      '../../features/freezes/components/EndFreezeDialog.tsx',
      '../../features/approvals/components/DecisionDialog.tsx',
      '../../features/session/components/LoginPage.tsx',
      '../../features/migrations/components/PlanMigrationPage.tsx',
      '../../features/migrations/components/MigrationDecisionDialog.tsx',
    ];
    expect(dialogs.filter((path) => !sources[path]?.includes('<SchemaForm'))).toEqual([]);
  });
});
