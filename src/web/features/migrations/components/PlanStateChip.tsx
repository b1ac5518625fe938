import type { MigrationInstanceState, MigrationPlanState } from '../../../../contracts/migrations.js';
import { kebab } from '../../../components/ui/labels.js';
import { instanceStateLabels, planStateExplanations, planStateLabels } from '../api/migration-words.js';

export function PlanStateChip({ state }: { state: MigrationPlanState }) {
  return (
    <span className={`ui-chip migration-state migration-state--${kebab(state)}`} title={planStateExplanations[state]} data-testid="plan-state">
      {planStateLabels[state]}
    </span>
  );
}

export function InstanceStateChip({ state }: { state: MigrationInstanceState }) {
  return <span className={`ui-chip migration-istate migration-istate--${kebab(state)}`}>{instanceStateLabels[state]}</span>;
}
