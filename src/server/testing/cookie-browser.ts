// A minimal browser for tests of redirect flows across two servers (the BFF and an IdP): fetch with a cookie
// jar per host, following redirects one by one so a test can see each hop. No JavaScript, no SameSite rules.

interface StoredCookie {
  value: string;
  path: string;
}

export interface Hop {
  url: string;
  status: number;
  location: string | null;
}

export class CookieBrowser {
  /** host (name:port) → cookie name → cookie. */
  private readonly jar = new Map<string, Map<string, StoredCookie>>();

  /** The cookies this browser holds for a URL's host, by name. */
  cookiesFor(url: string): Record<string, string> {
    return Object.fromEntries([...(this.jar.get(new URL(url).host) ?? new Map<string, StoredCookie>())].map(([name, c]) => [name, c.value]));
  }

  /** One request, no redirect followed; cookies sent and stored. */
  async request(url: string, init: { method?: string; form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
    const target = new URL(url);
    const headers: Record<string, string> = { ...init.headers };
    const cookies = [...(this.jar.get(target.host) ?? new Map<string, StoredCookie>())].filter(([, c]) => target.pathname.startsWith(c.path));
    if (cookies.length) headers.cookie = cookies.map(([name, c]) => `${name}=${c.value}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const response = await fetch(target, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    this.store(target, response.headers.getSetCookie());
    return response;
  }

  /**
   * Follows redirects from `url` (GET after every redirect, as browsers do after 302/303) until an answer that is
   * not a redirect, or a URL `stop` accepts (not requested). Answers the hops and the last response or URL.
   */
  async follow(url: string, init: Parameters<CookieBrowser['request']>[1] = {}, stop: (url: URL) => boolean = () => false): Promise<{ hops: Hop[]; finalUrl: string; response: Response | null }> {
    const hops: Hop[] = [];
    let current = url;
    let next = init;
    for (let i = 0; i < 20; i++) {
      if (i > 0 && stop(new URL(current))) return { hops, finalUrl: current, response: null };
      const response = await this.request(current, next);
      const location = response.headers.get('location');
      hops.push({ url: current, status: response.status, location });
      if (response.status < 300 || response.status >= 400 || !location) return { hops, finalUrl: current, response };
      await response.body?.cancel();
      current = new URL(location, current).href;
      next = {};
    }
    throw new Error(`more than 20 redirects from ${url}`);
  }

  private store(url: URL, setCookies: string[]): void {
    const jar = this.jar.get(url.host) ?? new Map<string, StoredCookie>();
    this.jar.set(url.host, jar);
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';').map((p) => p.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      const attribute = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const maxAge = attribute('max-age');
      const expires = attribute('expires');
      const gone = value === '' || (maxAge !== undefined && Number(maxAge) <= 0) || (expires !== undefined && Date.parse(expires) <= Date.now());
      if (gone) jar.delete(name);
      else jar.set(name, { value, path: attribute('path') ?? '/' });
    }
  }
}
