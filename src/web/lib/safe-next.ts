// Where to go after sign-in. `next` comes from the address bar, so anyone can craft it: only a path on this
// origin is accepted (no `//evil.example`, no `https://…`, no `javascript:`), anything else lands on `/`.
export const LOGIN_PATH = '/login';

export function safeNextPath(next: string | null | undefined, origin: string = window.location.origin): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return '/';
  }
  if (url.origin !== origin) return '/';
  // Going "back" to the sign-in page would loop.
  if (url.pathname === LOGIN_PATH) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in address that brings the user back to `current` afterwards. */
export function loginPathFor(current: string): string {
  const next = safeNextPath(current, 'http://workbench.invalid');
  return next === '/' ? LOGIN_PATH : `${LOGIN_PATH}?${new URLSearchParams({ next }).toString()}`;
}
