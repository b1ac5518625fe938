import { Navigate } from 'react-router';
import { useSessionUser } from '../../features/session/api/get-session.js';
import { landingPath } from '../../features/session/landing.js';

/** `/`: each role starts on its own work (the session is loaded: the layout's session gate renders first). */
export function RoleLanding() {
  const user = useSessionUser();
  return <Navigate to={landingPath(user?.roles ?? [])} replace />;
}
