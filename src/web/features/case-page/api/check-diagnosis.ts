import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CaseDetail, DiagnosisCheckRequest } from '../../../../contracts/cases.js';
import { endpoints } from '../../../../contracts/endpoints.js';
import { apiFetch } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export function checkDiagnosis(caseId: string, request: DiagnosisCheckRequest) {
  return apiFetch(endpoints.checkDiagnosis, { params: { caseId }, body: request });
}

/** Ticks a diagnosis step; the answer is the whole checklist, written straight into the cached case. */
export function useCheckDiagnosis(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: DiagnosisCheckRequest) => checkDiagnosis(caseId, request),
    onSuccess: (answer) =>
      queryClient.setQueryData<CaseDetail>(queryKeys.cases.detail(caseId), (detail) => (detail ? { ...detail, diagnosisChecks: answer.checks } : detail)),
    // 409: the case was resolved meanwhile; show its current state.
    onError: (error) => (error.status === 409 ? queryClient.invalidateQueries({ queryKey: queryKeys.cases.detail(caseId) }) : undefined),
  });
}
