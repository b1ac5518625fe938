import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/**
 * After a navigation inside the app, moves focus to the new page's main heading, as a full page load would
 * put screen-reader and keyboard users at the top of the new content (not on the link they left). Pages load
 * lazily, so the heading is looked for over a few frames. The first render keeps the browser's own focus.
 */
export function useFocusHeadingOnNavigate(): void {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    let frames = 0;
    let handle = 0;
    const look = () => {
      const heading = document.querySelector<HTMLElement>('#main h1');
      if (heading) {
        if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
        // A dialog opened on arrival (e.g. the bulk retry's dry run) keeps its focus.
        if (!document.activeElement?.closest('dialog[open]')) heading.focus({ preventScroll: true });
        return;
      }
      if (++frames < 60) handle = requestAnimationFrame(look);
    };
    handle = requestAnimationFrame(look);
    return () => cancelAnimationFrame(handle);
  }, [pathname]);
}
