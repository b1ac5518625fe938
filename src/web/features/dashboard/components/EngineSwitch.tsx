import { useId } from 'react';
import type { EngineInfo } from '../../../../contracts/engines.js';

/** Several engines: the figures of all engines added up, or of one engine, named by its label. Kept in the URL. */
export function EngineSwitch({ engines, value, onChange }: { engines: EngineInfo[]; value: string | null; onChange: (engineId: string | null) => void }) {
  const id = useId();
  return (
    <div className="dashboard-engine">
      <label htmlFor={id} className="dashboard-engine__label">
        Engine
      </label>
      <select id={id} className="dashboard-engine__select" value={value ?? ''} onChange={(event) => onChange(event.target.value || null)} data-testid="dashboard-engine">
        <option value="">All engines</option>
        {engines.map((engine) => (
          <option key={engine.id} value={engine.id}>
            {engine.label}
          </option>
        ))}
      </select>
    </div>
  );
}
