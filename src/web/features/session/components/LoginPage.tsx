import { useQueryClient } from '@tanstack/react-query';
import { useLayoutEffect } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { loginRequestSchema } from '../../../../contracts/session.js';
import type { FormField } from '../../../components/form/contract-check.js';
import { SchemaForm } from '../../../components/form/SchemaForm.js';
import { useSchemaForm } from '../../../components/form/use-schema-form.js';
import { toFailure } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { safeNextPath } from '../../../lib/safe-next.js';
import { useDocumentTitle } from '../../../lib/use-document-title.js';
import { useAuthMethods } from '../api/get-auth-methods.js';
import { signInErrorMessage, useSignIn } from '../api/sign-in.js';
import { ssoErrorMessage } from '../sso-errors.js';
import type { SignInState } from './SessionGate.js';
import './login.css';

const fields: FormField[] = [
  { name: 'username', label: 'Username', autoComplete: 'username', missing: 'Enter your username.' },
  { name: 'password', label: 'Password', kind: 'password', keepSpaces: true, missing: 'Enter your password.' },
];

export function LoginPage() {
  useDocumentTitle('Sign in');
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const signIn = useSignIn();
  const state = useSchemaForm({ contract: loginRequestSchema, fields });
  const expired = (location.state as SignInState | null)?.expired === true;
  const queryClient = useQueryClient();
  const methods = useAuthMethods();
  const ssoError = ssoErrorMessage(params.get('sso_error'));

  // Nothing of a previous session survives on the sign-in page (signed out, expired, or another user next).
  // Done here, once the signed-in pages have unmounted, so none of their queries fetches again into the cache;
  // a layout effect, so the cache is empty by the time the form is on screen. The sign-in methods are not the
  // session's: they stay, so this page's own question is not dropped as it is asked.
  useLayoutEffect(() => {
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.authMethods()[0] });
    queryClient.getMutationCache().clear();
  }, [queryClient]);

  // The router's loader asked already; if that failed, the password form (the embedded default).
  const oidc = methods.data?.oidc ?? null;
  const local = methods.data?.local ?? true;
  const next = safeNextPath(params.get('next'));
  const ssoHref = oidc ? `${oidc.loginPath}?${new URLSearchParams({ next }).toString()}` : null;

  return (
    <main className="login">
      <div className="panel login__panel" aria-labelledby="login-title" role="group">
        <div className="login__brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>Fallout Workbench</span>
        </div>
        <h1 id="login-title" className="login__title">
          Sign in
        </h1>
        {expired ? (
          <p className="notice notice--warning" role="status">
            Your session has expired. Sign in again to continue where you were.
          </p>
        ) : null}
        {ssoError ? (
          <p className="notice notice--error" role="alert" data-testid="sso-error">
            {ssoError}
          </p>
        ) : null}
        {oidc && ssoHref ? (
          <a className="ui-button ui-button--primary login__submit login__sso" href={ssoHref} autoFocus={!local}>
            Sign in with {oidc.providerName}
          </a>
        ) : null}
        {oidc && local ? (
          <p className="login__divider">
            <span>or with a workbench account</span>
          </p>
        ) : null}
        {local ? (
          <SchemaForm
            state={state}
            className="login__form"
            footerClassName="login__footer"
            submitClassName="login__submit"
            aria-labelledby="login-title"
            // One primary button: the provider's when single sign-on is offered.
            submitTone={oidc ? 'plain' : 'primary'}
            initialFocus={oidc ? 'none' : 'field'}
            pending={signIn.isPending}
            pendingLabel="Signing in…"
            submitLabel="Sign in"
            onSubmit={(credentials) =>
              signIn.mutate(credentials, {
                onSuccess: () => void navigate(next, { replace: true }),
                // Wrong credentials: the password is typed again (the form focuses it once the fields are enabled).
                onError: () => state.form.resetField('password'),
              })
            }
            problem={signIn.isError ? { message: signInErrorMessage(toFailure(signIn.error)) } : null}
            problemTestId="login-error"
            focusOnProblem="password"
          />
        ) : null}
      </div>
    </main>
  );
}
