import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { LoginRequest } from '../../../../contracts/session.js';
import { endpoints } from '../../../../contracts/endpoints.js';
import { RequestError, apiRequest, setCsrfToken, type RequestFailure } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export async function signIn(credentials: LoginRequest) {
  // A 401 here means wrong credentials, not an expired session: keep the app-wide redirect out of it.
  const result = await apiRequest(endpoints.login, { body: credentials, ignoreAuthFailure: true });
  if (!result.ok) throw new RequestError(result.error);
  return result.data;
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: (session) => {
      // Whatever the tab held belonged to the previous session (maybe another user): start clean.
      queryClient.removeQueries();
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(queryKeys.session(), session);
    },
  });
}

/** What to tell the person at the sign-in form. The BFF's message is preferred; the fallbacks cover a bare status. */
export function signInErrorMessage(failure: RequestFailure): string {
  const fromServer = !failure.code.startsWith('HTTP_') && failure.code !== 'INVALID_RESPONSE';
  if (failure.status === 429) {
    return fromServer ? failure.message : 'Too many sign-in attempts. Wait a few minutes, then try again.';
  }
  if (failure.status === 401 || failure.status === 400) {
    return fromServer ? failure.message : 'Wrong username or password.';
  }
  return failure.message;
}
