import { useSessionUser } from '../api/get-session.js';
import { useSignOut } from '../api/sign-out.js';
import { roleLabels } from '../roles.js';
import './session.css';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

/** Who is signed in (name, team, roles) and the way out. */
export function UserBadge() {
  const user = useSessionUser();
  const signOut = useSignOut();
  if (!user) return null;
  const roles = user.roles.map((role) => roleLabels[role]).join(', ');
  return (
    <div className="user-area">
      <div className="user-badge" data-testid="user-badge" title={user.team ? `${user.name} (${user.id}) · team ${user.team}` : `${user.name} (${user.id})`}>
        <span className="user-badge__avatar" aria-hidden="true">
          {initials(user.name)}
        </span>
        <span className="user-badge__text">
          <span className="user-badge__name">{user.name}</span>
          <span className="user-badge__roles">
            {user.team ? <span className="user-badge__team">Team {user.team} · </span> : null}
            {roles || 'No roles'}
          </span>
        </span>
      </div>
      <button type="button" className="user-area__signout" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
        Sign out
      </button>
      {signOut.isError ? (
        <span className="user-area__error" role="alert">
          Sign-out failed: {signOut.error.message}
        </span>
      ) : null}
    </div>
  );
}
