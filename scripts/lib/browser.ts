// Which Chromium the e2e tests drive: Debian's where it is installed (Playwright's own download is refused on
// some machines), else Playwright's own, downloading it when missing. When neither can be had, one line
// says what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export type BrowserChoice =
  | { kind: 'system'; path: string }
  | { kind: 'playwright'; path: string; downloaded: boolean }
  | { kind: 'none'; message: string };

export interface BrowserProbe {
  exists(path: string): boolean;
  /** Where Playwright's own Chromium lives (whether or not it is there). */
  playwrightPath(): string;
  /** Runs Playwright's download; returns its error output when it failed. */
  install(): { ok: true } | { ok: false; error: string };
}

export function chooseBrowser(probe: BrowserProbe): BrowserChoice {
  const system = SYSTEM_CHROMIUM_PATHS.find((p) => probe.exists(p));
  if (system) return { kind: 'system', path: system };
  const own = probe.playwrightPath();
  if (probe.exists(own)) return { kind: 'playwright', path: own, downloaded: false };
  const installed = probe.install();
  if (installed.ok && probe.exists(own)) return { kind: 'playwright', path: own, downloaded: true };
  const why = installed.ok ? 'the download reported success but left no browser' : installed.error.trim().split('\n').pop() ?? 'it failed';
  return {
    kind: 'none',
    message: `No Chromium for the e2e tests: install Debian's (apt-get install -y chromium) or let Playwright fetch its own (npx playwright install chromium), which failed here: ${why}`,
  };
}

export async function realBrowserProbe(): Promise<BrowserProbe> {
  const { chromium } = await import('playwright-core');
  return {
    exists: (path) => existsSync(path),
    playwrightPath: () => chromium.executablePath(),
    install: () => {
      const result = spawnSync('npx', ['playwright', 'install', 'chromium'], { encoding: 'utf8', timeout: 600_000 });
      return result.status === 0 ? { ok: true } : { ok: false, error: `${result.stderr ?? ''}${result.stdout ?? ''}` || String(result.error ?? 'unknown error') };
    },
  };
}
