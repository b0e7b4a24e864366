// Every code block of docs/session-sources.md marked `bash ci` is run against the running local stack: the guide's
// snippets that can run here are proved on every CI run, not only written down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { validatorUrl, cognitoUrl, salesforceUrl } from './stack.mjs';

const guide = readFileSync(new URL('../../docs/session-sources.md', import.meta.url), 'utf8');
const blocks = [...guide.matchAll(/```bash ci\n([\s\S]*?)```/g)].map((match) => match[1]);
const sfsso = process.env.SFSSO_CLI ?? `dotnet run --project ${new URL('../../src/Cli', import.meta.url).pathname} --`;

test('the guide has snippets that run', () => assert.ok(blocks.length >= 3, `${blocks.length} runnable blocks`));

blocks.forEach((script, index) => {
  test(`docs/session-sources.md snippet ${index + 1} runs`, () => {
    const run = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
      env: { ...process.env, VALIDATOR_URL: validatorUrl, COGNITO_URL: cognitoUrl, SALESFORCE_URL: salesforceUrl, SFSSO: sfsso },
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(run.status, 0, `exit ${run.status}\n${script}\n${run.stderr}`);
  });
});

// The README's five-minute walkthrough, as a new user pastes it: its curl blocks on the default ports, pointed at the
// stack CI runs (other ports), each ending in tokens or the validator's answer, never a problem.
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const walkthrough = [...readme.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]).filter((block) => block.includes('127.0.0.1:5080'));
const onCiStack = (script) => script
  .replaceAll('http://127.0.0.1:5080', validatorUrl).replaceAll('http://127.0.0.1:9230', cognitoUrl).replaceAll('http://127.0.0.1:9231', salesforceUrl);

test('the README walks through a JWT sign-in first, then a session ID and the token exchange', () => {
  assert.equal(walkthrough.length, 3, `${walkthrough.length} walkthrough blocks`);
  assert.match(walkthrough[0], /accessToken/);
});

walkthrough.forEach((script, index) => {
  test(`README walkthrough block ${index + 1} runs and succeeds`, () => {
    const run = spawnSync('bash', ['-euo', 'pipefail', '-c', onCiStack(script)], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, `exit ${run.status}\n${run.stderr}`);
    assert.match(run.stdout, /"AuthenticationResult"|"username"|"access_token"/, run.stdout);
    assert.doesNotMatch(run.stdout, /"code":"/, run.stdout);
  });
});
