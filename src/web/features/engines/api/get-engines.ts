import { queryOptions, useQuery } from '@tanstack/react-query';
import type { EngineInfo } from '../../../../contracts/engines.js';
import { endpoints } from '../../../../contracts/endpoints.js';
import { apiFetch } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

// The configured engines change only with a restart of the BFF; a flavour not known yet (engine unreachable
// when first asked) is filled in by a later fetch.
export const enginesQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.engines(),
    queryFn: ({ signal }) => apiFetch(endpoints.engines, { signal }),
    staleTime: 60_000,
    retry: false,
  });

/**
 * The engine of a case, when the workbench serves several; null with one engine (the single-engine UI names
 * none) or while the list loads.
 */
export function useEngineOf(): (engineId: string) => EngineInfo | null {
  const engines = useQuery(enginesQueryOptions()).data?.engines ?? [];
  return (engineId) => (engines.length > 1 ? (engines.find((e) => e.id === engineId) ?? { id: engineId, label: engineId, flavor: null, cockpitUrl: null }) : null);
}
