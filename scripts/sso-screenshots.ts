// Screenshots of the sign-in page with single sign-on (a real test IdP and an in-process BFF serving the built
// SPA), at 1280x720 and 1440x900, into screenshots/. Run after `npm run build`: `npx tsx scripts/sso-screenshots.ts`.
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { chromium } from '@playwright/test';
import { OidcClient } from '../src/server/auth/oidc/oidc-client.js';
import { oidcSettingsFrom } from '../src/server/auth/oidc/oidc-settings.js';
import { startTestIdp } from '../src/server/testing/oidc-provider.js';
import { startTestBff, unreachableEngineUrl } from '../src/server/testing/test-context.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const roleMap = { mappings: [{ group: 'wb-ops', roles: ['support', 'fulfillment_ops'], team: 'fulfillment' }] };

async function main() {
  const [bffPort, idpPort] = [await freePort(), await freePort()];
  const bffUrl = `http://127.0.0.1:${bffPort}`;
  const idp = await startTestIdp({ port: idpPort, bffUrl, accounts: { ada: { name: 'Ada Lovelace', email: 'ada@example.test', groups: ['wb-ops'] } } });
  const settings = oidcSettingsFrom({
    PUBLIC_URL: bffUrl, OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: idp.clientId, OIDC_CLIENT_SECRET: idp.clientSecret,
    OIDC_REDIRECT_URI: undefined, OIDC_POST_LOGOUT_REDIRECT_URI: undefined, OIDC_SCOPES: 'openid profile email groups',
    OIDC_ROLE_CLAIM: 'groups', OIDC_USERNAME_CLAIM: 'preferred_username', OIDC_PROVIDER_NAME: 'Acme Login',
    OIDC_ROLE_MAP: JSON.stringify(roleMap), OIDC_ROLE_MAP_FILE: 'config/oidc-roles.json',
  })!;
  const engineUrl = await unreachableEngineUrl();
  const webDist = 'dist/web';
  if (!existsSync(`${webDist}/index.html`)) throw new Error('run `npm run build` first');
  const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  const shots: [string, { localLogin: boolean; oidc: boolean }, string][] = [
    ['sso-and-local', { localLogin: true, oidc: true }, '/login?next=%2Fcases'],
    ['sso-only-refused', { localLogin: false, oidc: true }, '/login?sso_error=no_role'],
    ['local-only', { localLogin: true, oidc: false }, '/login'],
  ];
  for (const [name, mode, path] of shots) {
    const bff = await startTestBff({ engineUrl, webDist, oidc: mode.oidc ? new OidcClient(settings) : undefined, localLogin: mode.localLogin });
    await bff.app.listen({ host: '127.0.0.1', port: bffPort });
    for (const [width, height] of [[1280, 720], [1440, 900]] as const) {
      const page = await browser.newPage({ viewport: { width, height } });
      await page.goto(`${bffUrl}${path}`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.screenshot({ path: `screenshots/login-${name}-${width}x${height}.png` });
      await page.close();
    }
    await bff.close();
  }
  await browser.close();
  await idp.close();
}

main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
