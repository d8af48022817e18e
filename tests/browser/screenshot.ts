/**
 * `npx tsx tests/browser/screenshot.ts [out.png]`: the README's screenshot (docs/map.png) — the demo
 * portfolio (`npm run demo`) with three illustrative fuel supply plans, on the operations map in headless
 * chromium, the corridor with the worst segment selected (`SCREENSHOT_SUBJECT=<name>` for another).
 */
import path from 'node:path';
import { addDemoSupplyPlans, loadDemo, logIn, openBrowser, startService } from '../helpers/browser';

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? path.join(__dirname, '../../docs/map.png'));
  const svc = await startService();
  const browser = await openBrowser({ width: 1440, height: 900 });
  try {
    await loadDemo(svc);
    await addDemoSupplyPlans(svc);
    await logIn(browser.page, svc.base, svc.adminKey);
    const site = process.env.SCREENSHOT_SUBJECT ?? 'Dakar–Bamako corridor';
    await browser.page.locator('#list li', { hasText: site }).first().click();
    await browser.page.locator('#drawer table.contributors').waitFor();
    await browser.page.waitForTimeout(400);
    await browser.page.screenshot({ path: out, type: 'png' });
    process.stdout.write(`wrote ${out}\n`);
    if (browser.consoleErrors.length) process.stdout.write(`console errors:\n${browser.consoleErrors.join('\n')}\n`);
  } finally {
    await browser.close();
    await svc.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
