import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { endpoints } from '../../../../contracts/endpoints.js';
import { RequestError, apiRequest, setCsrfToken } from '../../../lib/api-client.js';
import { LOGIN_PATH } from '../../../lib/safe-next.js';

/** Answers where to go to sign out at the identity provider too (single sign-on), if anywhere. */
export async function signOut(): Promise<string | null> {
  const result = await apiRequest(endpoints.logout, { ignoreAuthFailure: true });
  // 401: the session was already gone, which is what signing out wants.
  if (!result.ok && result.error.status !== 401) throw new RequestError(result.error);
  return result.ok ? (result.data.redirectTo ?? null) : null;
}

/** Signs out and goes to the sign-in page, which empties the query cache once the signed-in pages are gone. */
export function useSignOut() {
  const navigate = useNavigate();
  return useMutation({
    mutationFn: signOut,
    onSuccess: async (identityProviderSignOut) => {
      setCsrfToken(null);
      // Single sign-on: the provider ends its session too, then sends the browser back to the sign-in page.
      if (identityProviderSignOut) {
        window.location.assign(identityProviderSignOut);
        return;
      }
      await navigate(LOGIN_PATH, { replace: true });
    },
  });
}
