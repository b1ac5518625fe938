import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { endpoints } from '../../../../contracts/endpoints.js';
import { RequestError, apiRequest, setCsrfToken } from '../../../lib/api-client.js';
import { LOGIN_PATH } from '../../../lib/safe-next.js';

export async function signOut(): Promise<void> {
  const result = await apiRequest(endpoints.logout, { ignoreAuthFailure: true });
  // 401: the session was already gone, which is what signing out wants.
  if (!result.ok && result.error.status !== 401) throw new RequestError(result.error);
}

/** Signs out and goes to the sign-in page, which empties the query cache once the signed-in pages are gone. */
export function useSignOut() {
  const navigate = useNavigate();
  return useMutation({
    mutationFn: signOut,
    onSuccess: async () => {
      setCsrfToken(null);
      await navigate(LOGIN_PATH, { replace: true });
    },
  });
}
