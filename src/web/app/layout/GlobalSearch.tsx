import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The always-visible search. `/` focuses it from anywhere; Enter opens /search?q=…. */
export function GlobalSearch() {
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const urlQuery = location.pathname === '/search' ? (params.get('q') ?? '') : '';
  const [value, setValue] = useState(urlQuery);
  const inputRef = useRef<HTMLInputElement>(null);

  // Follow the URL (back/forward, shared links) without fighting the user's typing.
  useEffect(() => setValue(urlQuery), [urlQuery]);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target) || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      inputRef.current?.focus();
      inputRef.current?.select();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const q = value.trim();
    if (!q) return;
    navigate(`/search?${new URLSearchParams({ q }).toString()}`);
  }

  return (
    <form role="search" className="global-search" onSubmit={onSubmit}>
      <label htmlFor="global-search-input" className="ui-visually-hidden">
        Search orders, quotes, processes and cases
      </label>
      <svg className="global-search__icon" viewBox="0 0 16 16" aria-hidden="true">
        <path d="M7 2a5 5 0 1 0 3.16 8.87l3 3 1.06-1.06-3-3A5 5 0 0 0 7 2Zm0 1.5a3.5 3.5 0 1 1 0 7 3.5 3.5 0 0 1 0-7Z" />
      </svg>
      <input
        id="global-search-input"
        ref={inputRef}
        className="global-search__input"
        type="search"
        name="q"
        autoComplete="off"
        spellCheck={false}
        maxLength={200}
        placeholder="Order, quote, business key or case ID"
        value={value}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') event.currentTarget.blur();
        }}
      />
      <kbd className="global-search__hint" aria-hidden="true">
        /
      </kbd>
    </form>
  );
}
