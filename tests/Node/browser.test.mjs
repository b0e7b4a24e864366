// The local stack's sign-in page in headless Chromium (Debian's chromium package; no browser download), driven by
// Playwright: the page uses the dependency-free module clients/js/sfsso.mjs against the validator and the pool.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { validatorUrl, users } from './stack.mjs';

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
