// The local stack's sign-in page in headless Chromium (Debian's chromium package; no browser download), driven by
// Playwright: the page uses the dependency-free module clients/js/sfsso.mjs against the validator and the pool.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { validatorUrl, salesforceUrl, users } from './stack.mjs';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const results = process.env.SFSSO_TEST_RESULTS ?? join(process.cwd(), 'test-results');
let browser;

before(async () => {
  assert.ok(existsSync(executablePath), `no browser at ${executablePath} (apt-get install chromium, or set CHROMIUM_PATH)`);
  browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
  mkdirSync(results, { recursive: true });
});
after(async () => browser?.close());

async function signInOnThePage(session) {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } }); // a phone
  const consoleErrors = [];
  page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
  await page.goto(`${validatorUrl}/`);
  await page.fill('input[name="sessionId"]', session);
  await page.click('button[type="submit"]');
  await page.waitForSelector('[data-testid="claims"]:not([hidden]), [data-testid="error"]:not([hidden])');
  return { page, consoleErrors };
}

test('a demo user signs in on the page and sees the ID token claims', async () => {
  const { page } = await signInOnThePage(users.alice.session);
  const claims = JSON.parse(await page.textContent('[data-testid="claims"]'));
  assert.match(claims['cognito:username'], /^sf_00D5j00000SfSso/);
  assert.equal(claims.email, users.alice.email);
  assert.equal(claims.token_use, 'id');
  await page.screenshot({ path: join(results, 'sign-in-page.png'), fullPage: true });
  const shown = await page.$$eval('[data-testid]', (elements) => elements.map((element) => element.textContent).join(' '));
  assert.ok(!shown.includes(users.alice.session), 'the session is not written into the results');
  await page.close();
});

test('an invalid session shows invalid_session', async () => {
  const { page } = await signInOnThePage('00D5j00000SfSso!not.a.session.anyone.knows');
  const error = await page.textContent('[data-testid="error"]');
  assert.match(error, /^invalid_session: /);
  assert.equal(await page.isHidden('[data-testid="claims"]'), true);
  await page.screenshot({ path: join(results, 'sign-in-page-refused.png'), fullPage: true });
  await page.close();
});

// A canvas app opened from Salesforce: the stand-in signs a CanvasRequest and auto-posts it to the stack's canvas
// app, which signs the user in server-side and shows the ID token's claims.
async function openCanvasApp(query) {
  const page = await browser.newPage();
  await page.goto(`${salesforceUrl}/canvas/launch?${query}`);
  await page.waitForSelector('[data-testid="claims"], [data-testid="error"]');
  assert.ok(page.url().startsWith(`${validatorUrl}/canvas`), page.url());
  return page;
}

test('a canvas launch from Salesforce signs the demo user into Cognito in the browser', async () => {
  const page = await openCanvasApp('user=1');
  const claims = JSON.parse(await page.textContent('[data-testid="claims"]'));
  assert.equal(claims.email, users.bob.email);
  assert.equal(claims['custom:sf_user_id'], '0055j000000Bob1AAC');
  await page.screenshot({ path: join(results, 'canvas-app.png'), fullPage: true });
  assert.ok(!(await page.content()).includes(users.bob.session), 'the session is not written into the page');
  await page.close();
});

test('a tampered canvas launch is refused with canvas_signature_invalid', async () => {
  const page = await openCanvasApp('user=0&tamper=1');
  assert.equal(await page.textContent('[data-testid="error"]'), 'canvas_signature_invalid');
  assert.equal(await page.$('[data-testid="claims"]'), null);
  await page.screenshot({ path: join(results, 'canvas-app-tampered.png'), fullPage: true });
  await page.close();
});
