import { useEngineOf } from '../api/get-engines.js';
import './engines.css';

/** The engine a case belongs to, as a small chip; nothing when the workbench serves one engine. */
export function EngineLabel({ engineId, below = false }: { engineId: string; /** On a line of its own, under an id in a table cell. */ below?: boolean }) {
  const engine = useEngineOf()(engineId);
  if (!engine) return null;
  return (
    <span className={below ? 'engine-label engine-label--below' : 'engine-label'} title={`Engine: ${engine.label} (${engineId})`} data-testid="engine-label">
      {engine.label}
    </span>
  );
}

/** The engine's Cockpit, for this case's engine (shown beside its label); nothing with one engine or while its flavour is unknown. */
export function CockpitLink({ engineId }: { engineId: string }) {
  const engine = useEngineOf()(engineId);
  if (!engine?.cockpitUrl) return null;
  return (
    <a href={engine.cockpitUrl} target="_blank" rel="noreferrer noopener" className="engine-cockpit-link">
      Open its Cockpit
    </a>
  );
}
