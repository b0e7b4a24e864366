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
