import { ssoErrorReasons, type SsoErrorReason } from '../../../contracts/session.js';

// What a person reads on the sign-in page when single sign-on sent them back (`/login?sso_error=<reason>`).
const MESSAGES: Record<SsoErrorReason, string> = {
  no_role:
    'You signed in, but none of your groups gives access to the workbench. Ask your team lead or the workbench administrators to add you to a workbench group.',
  local_user_conflict: 'Your single sign-on name is the name of a workbench account here, so it cannot be used. Ask the workbench administrators.',
  login_expired: 'That sign-in took too long or was started in another tab or browser. Try again.',
  denied: 'The sign-in was cancelled or refused at your organisation’s sign-in page. Try again.',
  unavailable: 'Your organisation’s sign-in service could not be reached. Try again in a few minutes.',
  failed: 'The sign-in could not be completed. Try again; if it keeps failing, tell the workbench administrators.',
};

/** The message for a reason from the address bar; null when there is none (an unknown value gets the general one). */
export function ssoErrorMessage(reason: string | null): string | null {
  if (!reason) return null;
  return (ssoErrorReasons as readonly string[]).includes(reason) ? MESSAGES[reason as SsoErrorReason] : MESSAGES.failed;
}
