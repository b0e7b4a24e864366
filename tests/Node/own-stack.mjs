// A local stack of a test's own, started from the build output as a user starts it, on four ports from `base`, with
// extra settings: for the end-to-end tests that need another configuration than the stack CI runs (Email mode, a
// second pool). Stopped with Ctrl-C (SIGINT), as a user stops it.
import { spawn } from 'node:child_process';
import { before, after } from 'node:test';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const stackDll = fileURLToPath(new URL('../../src/Hosts/Local/bin/Release/net10.0/SfCognitoSso.Hosts.Local.dll', import.meta.url));

/** Why a test that needs its own stack cannot run, or false. */
export const cannotStart = !existsSync(stackDll) && 'the local stack is not built (dotnet build -c Release)';

export async function startStack(base, settings) {
  const urls = {
    validatorUrl: `http://127.0.0.1:${base}`,
    cognitoUrl: `http://127.0.0.1:${base + 1}`,
    salesforceUrl: `http://127.0.0.1:${base + 2}`,
    pubSubUrl: `http://127.0.0.1:${base + 3}`,
  };
  const child = spawn('dotnet', [stackDll], {
    env: {
      ...process.env,
      LocalStack__ValidatorUrl: urls.validatorUrl,
      LocalStack__CognitoUrl: urls.cognitoUrl,
      LocalStack__SalesforceUrl: urls.salesforceUrl,
      LocalStack__PubSubUrl: urls.pubSubUrl,
      ...settings,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the stack did not start:\n${output}`)), 60_000);
    const read = (chunk) => {
      output += chunk;
      if (output.includes('SfCognitoSso local stack is ready.')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the stack exited (${code}):\n${output}`)); });
  });
  return { ...urls, stop: () => child.kill('SIGINT') };
}

/** A stack of the test file's own: started before its tests, stopped after them; its URLs are on the returned object
 * once started. Tests skip with `{ skip: cannotStart }` when the build output is missing. */
export function ownStack(base, settings) {
  const stack = {};
  before(async () => {
    if (!cannotStart) Object.assign(stack, await startStack(base, settings));
  });
  after(() => stack.stop?.());
  return stack;
}

/** Step 1 on a stack: the validator's answer (username, ticket). */
export async function validateAt(validatorUrl, sessionId) {
  const response = await fetch(`${validatorUrl}/v1/sessions/validate`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionId }),
  });
  return { status: response.status, ...(await response.json()) };
}
