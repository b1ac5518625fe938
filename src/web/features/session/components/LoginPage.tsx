import { useQueryClient } from '@tanstack/react-query';
import { useId, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { toFailure } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { safeNextPath } from '../../../lib/safe-next.js';
import { useDocumentTitle } from '../../../lib/use-document-title.js';
import { useAuthMethods } from '../api/get-auth-methods.js';
import { signInErrorMessage, useSignIn } from '../api/sign-in.js';
import { ssoErrorMessage } from '../sso-errors.js';
import type { SignInState } from './SessionGate.js';
import './login.css';

export function LoginPage() {
  useDocumentTitle('Sign in');
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const signIn = useSignIn();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const errorId = useId();
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

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (signIn.isPending) return;
    const name = username.trim();
    if (!name || !password) {
      setMissing(!name ? 'Enter your username.' : 'Enter your password.');
      (!name ? usernameRef : passwordRef).current?.focus();
      return;
    }
    setMissing(null);
    signIn.mutate(
      { username: name, password },
      {
        onSuccess: () => void navigate(safeNextPath(params.get('next')), { replace: true }),
        onError: () => {
          setPassword('');
          passwordRef.current?.focus();
        },
      },
    );
  }

  const error = missing ?? (signIn.isError ? signInErrorMessage(toFailure(signIn.error)) : null);

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
          <form className="login__form" onSubmit={onSubmit} noValidate aria-label="Sign in with a workbench account">
            <div className="field">
              <label htmlFor="login-username" className="field__label">
                Username
              </label>
              <input
                id="login-username"
                ref={usernameRef}
                className="field__input"
                name="username"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                maxLength={100}
                autoFocus={!oidc}
                value={username}
                onChange={(event) => setUsername(event.target.value)}
                aria-invalid={missing === 'Enter your username.' || undefined}
                aria-describedby={error ? errorId : undefined}
              />
            </div>
            <div className="field">
              <label htmlFor="login-password" className="field__label">
                Password
              </label>
              <input
                id="login-password"
                ref={passwordRef}
                className="field__input"
                name="password"
                type="password"
                autoComplete="current-password"
                maxLength={200}
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                aria-invalid={missing === 'Enter your password.' || undefined}
                aria-describedby={error ? errorId : undefined}
              />
            </div>
            {error ? (
              <p id={errorId} className="notice notice--error" role="alert" data-testid="login-error">
                {error}
              </p>
            ) : null}
            <button
              type="submit"
              className={`ui-button ${oidc ? '' : 'ui-button--primary '}login__submit`}
              aria-busy={signIn.isPending || undefined}
              disabled={signIn.isPending}
            >
              Sign in
            </button>
          </form>
        ) : null}
      </div>
    </main>
  );
}
