import { Suspense } from 'react';
import { Link, NavLink, Outlet, useNavigation } from 'react-router';
import { SkeletonBlock } from '../../components/ui/States.js';
import { auditAccess } from '../../features/audit/api/audit-access.js';
import { ApprovalsNavLink } from '../../features/approvals/components/ApprovalsNavLink.js';
import { dashboardRoles } from '../../features/dashboard/api/dashboard-access.js';
import { useLiveUpdates } from '../../features/live/api/use-live-updates.js';
import { LiveIndicator } from '../../features/live/components/LiveIndicator.js';
import { useSessionUser } from '../../features/session/api/get-session.js';
import { SessionGate } from '../../features/session/components/SessionGate.js';
import { StatusBanners } from '../../features/session/components/StatusBanners.js';
import { UserBadge } from '../../features/session/components/UserBadge.js';
import { hasAnyRole, uiAccess } from '../../features/session/roles.js';
import { GlobalSearch } from './GlobalSearch.js';
import './layout.css';
import { useFocusHeadingOnNavigate } from '../../lib/use-focus-heading-on-navigate.js';

export function AppLayout() {
  return (
    <SessionGate>
      <SignedInLayout />
    </SessionGate>
  );
}

function SignedInLayout() {
  const navigation = useNavigation();
  useFocusHeadingOnNavigate();
  const user = useSessionUser();
  // One stream of changes for the whole signed-in app: every page on screen refetches what changed.
  const live = useLiveUpdates();
  return (
    <div className="app">
      <a className="app__skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="topbar__brand">
          <img src="/favicon.svg" alt="" width={22} height={22} />
          <span>Fallout Workbench</span>
        </Link>
        <nav className="topbar__nav" aria-label="Main">
          <NavLink to="/cases" className="topbar__link">
            Cases
          </NavLink>
          {/* Links follow the roles; the BFF still checks every request (and pages handle its 403). */}
          {hasAnyRole(user, uiAccess.approvals) ? <ApprovalsNavLink /> : null}
          {hasAnyRole(user, dashboardRoles) ? (
            <NavLink to="/dashboard" className="topbar__link">
              Dashboard
            </NavLink>
          ) : null}
          {/* Alerts go with the dashboard: the same roles see both. */}
          {hasAnyRole(user, dashboardRoles) ? (
            <NavLink to="/alerts" className="topbar__link">
              Alerts
            </NavLink>
          ) : null}
          {hasAnyRole(user, dashboardRoles) ? (
            <NavLink to="/deployments" className="topbar__link">
              Deployments
            </NavLink>
          ) : null}
          {hasAnyRole(user, uiAccess.freezes) ? (
            <NavLink to="/freezes" className="topbar__link">
              Freezes
            </NavLink>
          ) : null}
          <NavLink to="/catalog" className="topbar__link">
            Catalog
          </NavLink>
          {hasAnyRole(user, auditAccess.view) ? (
            <NavLink to="/audit" className="topbar__link">
              Audit
            </NavLink>
          ) : null}
        </nav>
        <div className="topbar__search">
          <GlobalSearch />
        </div>
        <div className="topbar__user">
          <LiveIndicator state={live} />
          <UserBadge />
        </div>
        {navigation.state === 'loading' ? <div className="topbar__progress" role="progressbar" aria-label="Loading page" /> : null}
      </header>
      <StatusBanners />
      <main id="main" className="app__main" tabIndex={-1}>
        <Suspense
          fallback={
            <div className="page">
              <SkeletonBlock label="Loading page" />
            </div>
          }
        >
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
