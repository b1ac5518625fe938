// Runs before the e2e tests (npm run test:e2e): makes sure a Chromium is there, or says in one line what is missing.
import { chooseBrowser, realBrowserProbe } from './lib/browser.js';

const choice = chooseBrowser(await realBrowserProbe());
if (choice.kind === 'none') {
  console.error(`[e2e] ${choice.message}`);
  process.exit(1);
}
console.log(`[e2e] browser: ${choice.kind === 'system' ? "Debian's Chromium" : "Playwright's Chromium"}${choice.kind === 'playwright' && choice.downloaded ? ' (just downloaded)' : ''} at ${choice.path}`);
