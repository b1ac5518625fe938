import { useQueryClient } from '@tanstack/react-query';
import { useLayoutEffect } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { loginRequestSchema } from '../../../../contracts/session.js';
import type { FormField } from '../../../components/form/contract-check.js';
import { SchemaForm } from '../../../components/form/SchemaForm.js';
import { useSchemaForm } from '../../../components/form/use-schema-form.js';
import { toFailure } from '../../../lib/api-client.js';
import { safeNextPath } from '../../../lib/safe-next.js';
import { useDocumentTitle } from '../../../lib/use-document-title.js';
import { signInErrorMessage, useSignIn } from '../api/sign-in.js';
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

  // Nothing of a previous session survives on the sign-in page (signed out, expired, or another user next).
  // Done here, once the signed-in pages have unmounted, so none of their queries fetches again into the cache;
  // a layout effect, so the cache is empty by the time the form is on screen.
  useLayoutEffect(() => queryClient.clear(), [queryClient]);

  return (
    <main className="login">
      <SchemaForm
        state={state}
        className="panel login__panel"
        footerClassName="login__footer"
        submitClassName="login__submit"
        aria-labelledby="login-title"
        pending={signIn.isPending}
        pendingLabel="Signing in…"
        submitLabel="Sign in"
        onSubmit={(credentials) =>
          signIn.mutate(credentials, {
            onSuccess: () => void navigate(safeNextPath(params.get('next')), { replace: true }),
            // Wrong credentials: the password is typed again (the form focuses it once the fields are enabled).
            onError: () => state.form.resetField('password'),
          })
        }
        problem={signIn.isError ? { message: signInErrorMessage(toFailure(signIn.error)) } : null}
        problemTestId="login-error"
        focusOnProblem="password"
      >
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
      </SchemaForm>
    </main>
  );
}
