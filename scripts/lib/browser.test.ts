import { describe, expect, it } from 'vitest';
import { chooseBrowser, type BrowserProbe } from './browser.js';

const OWN = '/root/.cache/ms-playwright/chromium-1/chrome-linux64/chrome';
function probe(present: string[], install: ReturnType<BrowserProbe['install']> = { ok: false, error: 'Error: getaddrinfo ENOTFOUND cdn.playwright.dev' }) {
  const files = new Set(present);
  let installs = 0;
  return {
    probe: {
      exists: (path: string) => files.has(path),
      playwrightPath: () => OWN,
      install: () => {
        installs++;
        if (install.ok) files.add(OWN);
        return install;
      },
    } satisfies BrowserProbe,
    installs: () => installs,
  };
}

describe('chooseBrowser', () => {
  it("takes Debian's Chromium where it is installed, without downloading anything", () => {
    const p = probe(['/usr/bin/chromium', OWN]);
    expect(chooseBrowser(p.probe)).toEqual({ kind: 'system', path: '/usr/bin/chromium' });
    expect(p.installs()).toBe(0);
  });

  it("takes Playwright's own Chromium when it is already there", () => {
    expect(chooseBrowser(probe([OWN]).probe)).toEqual({ kind: 'playwright', path: OWN, downloaded: false });
  });

  it("downloads Playwright's Chromium when no browser is there", () => {
    const p = probe([], { ok: true });
    expect(chooseBrowser(p.probe)).toEqual({ kind: 'playwright', path: OWN, downloaded: true });
    expect(p.installs()).toBe(1);
  });

  it('says in one line what to install when the download fails', () => {
    const choice = chooseBrowser(probe([]).probe);
    expect(choice).toEqual({
      kind: 'none',
      message:
        "No Chromium for the e2e tests: install Debian's (apt-get install -y chromium) or let Playwright fetch its own (npx playwright install chromium), which failed here: Error: getaddrinfo ENOTFOUND cdn.playwright.dev",
    });
  });
});
