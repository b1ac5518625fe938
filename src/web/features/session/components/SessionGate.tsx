import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ErrorState, SkeletonBlock } from '../../../components/ui/States.js';
import { onAuthFailure, toFailure } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { loginPathFor } from '../../../lib/safe-next.js';
import { useSession } from '../api/get-session.js';

/** Router state the sign-in page reads to say why the user is there. */
export interface SignInState {
  expired?: boolean;
}

/**
 * The one place that reacts to "not signed in": the signed-in pages render only once the session is known,
 * and any 401 from any request (the session expired meanwhile) leads to the sign-in page, which brings the
 * user back here afterwards. A 403 CSRF_INVALID means the token went stale: fetch the session again.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const here = `${location.pathname}${location.search}${location.hash}`;
  const hereRef = useRef(here);
  hereRef.current = here;

  useEffect(
    () =>
      onAuthFailure((failure) => {
        if (failure.status === 401) {
          const expired = queryClient.getQueryData(queryKeys.session()) !== undefined;
          const state: SignInState = { expired };
          void navigate(loginPathFor(hereRef.current), { replace: true, state });
        } else if (failure.code === 'CSRF_INVALID') {
          void queryClient.invalidateQueries({ queryKey: queryKeys.session() });
        }
      }),
    [navigate, queryClient],
  );

  if (session.isPending) {
    return (
      <div className="page">
        <SkeletonBlock label="Checking your session" />
      </div>
    );
  }
  if (session.isError) {
    if (session.error.status === 401) return <Navigate to={loginPathFor(here)} replace />;
    return (
      <div className="page">
        <div className="panel">
          <ErrorState
            title="Your session could not be checked"
            failure={toFailure(session.error)}
            onRetry={() => void session.refetch()}
            retrying={session.isFetching}
          />
        </div>
      </div>
    );
  }
  return <>{children}</>;
}
