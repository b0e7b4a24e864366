// The OpenAPI document held to the server by a validating proxy: Stoplight Prism reads the document the validator
// serves and sits in front of it; requests generated from the document's own schemas (randexp from each pattern, at
// every length up to the maximum), and ones it forbids, go through it. Prism flags any answer the document does not
// describe (`sl-violations`), and a request the document allows is never refused for its shape.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import RandExp from 'randexp';
import { ownStack, cannotStart } from './own-stack.mjs';

const base = Number(process.env.SFSSO_PRISM_PORT_BASE ?? 31080);
const prismPort = base + 10;
const prismUrl = `http://127.0.0.1:${prismPort}`;
// A rate limit no generated run reaches, so every answer is the validator's reading of the request.
const stack = ownStack(base, { RateLimit__PermitPerMinute: '100000' });
const folder = mkdtempSync(join(tmpdir(), 'sfsso-prism-'));
let prism;
let document;

// Started by the first test, once the stack is up (the stack's own hook runs before the tests, not before other hooks).
let proxyStarted;
const proxy = () => (proxyStarted ??= startProxy());
async function startProxy() {
  document = await (await fetch(`${stack.validatorUrl}/openapi/v1.json`)).json();
  writeFileSync(join(folder, 'openapi.json'), JSON.stringify(document));
  const cli = fileURLToPath(new URL('./node_modules/@stoplight/prism-cli/dist/index.js', import.meta.url));
  prism = spawn(process.execPath, [cli, 'proxy', join(folder, 'openapi.json'), stack.validatorUrl, '--port', String(prismPort), '--errors', 'false', '-v', 'error'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  prism.stdout.on('data', (chunk) => { output += chunk; });
  prism.stderr.on('data', (chunk) => { output += chunk; });
  const deadline = Date.now() + 60_000;
  while (!(await fetch(prismUrl).then(() => true, () => false))) {
    if (prism.exitCode !== null || Date.now() > deadline) throw new Error(`prism did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
after(() => {
  prism?.kill();
  rmSync(folder, { recursive: true, force: true });
});

const schemas = () => document.components.schemas;
/** The inputs the validate body takes: field name, pattern, maximum length. */
const inputs = () => document.paths['/v1/sessions/validate'].post.requestBody.content['application/json'].schema.oneOf
  .map((reference) => schemas()[reference.$ref.split('/').pop()])
  .map((schema) => {
    const [field] = schema.required;
    return { field, ...schema.properties[field] };
  });

/** A value the schema allows, `size` long at most: randexp from the pattern, its unbounded parts stretched. */
function generated({ pattern, maxLength }, size, seed) {
  const generator = new RandExp(pattern);
  let state = seed;
  generator.randInt = (low, high) => { state = (state * 1103515245 + 12345) % 2147483648; return low + (state % (high - low + 1)); };
  // Each unbounded part gets its share of the length.
  generator.max = Math.max(1, Math.floor(size / (pattern.match(/[*+]/g)?.length ?? 1)));
  const value = generator.gen();
  return value.length > maxLength ? value.slice(0, maxLength) : value;
}

async function through(body, contentType = 'application/json') {
  const response = await fetch(`${prismUrl}/v1/sessions/validate`, { method: 'POST', headers: { 'content-type': contentType }, body });
  const violations = JSON.parse(response.headers.get('sl-violations') ?? '[]');
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.json().catch(() => null), violations };
}

const responseViolations = (answer) => answer.violations.filter((violation) => violation.location?.[0] === 'response');

test('requests generated from the document: every answer is one the document describes, none refused for its shape', { skip: cannotStart }, async () => {
  await proxy();
  let sent = 0;
  for (const input of inputs()) {
    assert.ok(input.pattern, `${input.field} has a pattern`);
    for (let seed = 1; seed <= 25; seed++) {
      // Lengths from short to past the maximum (cut back to it): the boundary is where the body limit bit.
      const size = seed === 25 ? input.maxLength : Math.ceil((input.maxLength * seed) / 25);
      const value = generated(input, size, seed);
      assert.match(value, new RegExp(input.pattern, 'u'));
      const answer = await through(JSON.stringify({ [input.field]: value }));
      sent++;
      assert.deepEqual(answer.violations, [], `${input.field} (${value.length} chars): Prism says ${JSON.stringify(answer.violations)}`);
      assert.ok(answer.status < 500, `${input.field}: ${answer.status}`);
      // A session ID or JWT of the documented shape is Salesforce's or the keys' to judge, never malformed; a signed
      // request's envelope must also decode to JSON, which a pattern cannot say (the document says so).
      if (input.field !== 'signedRequest') assert.notEqual(answer.body?.code, 'invalid_request', `${input.field} (${value.length} chars): ${answer.body?.detail}`);
      assert.notEqual(answer.status, 413, `${input.field} at ${value.length} characters`);
    }
  }
  assert.ok(sent >= 75);
});

test('requests the document forbids are refused, and the refusals are as the document describes', { skip: cannotStart }, async () => {
  await proxy();
  const [first, second] = inputs();
  const forbidden = [
    '{}',
    JSON.stringify({ [first.field]: generated(first, 30, 7), [second.field]: generated(second, 30, 7) }),
    JSON.stringify({ [first.field]: 'not-of-the-shape' }),
    JSON.stringify({ [first.field]: 42 }),
    JSON.stringify({ [first.field]: generated(first, first.maxLength + 10, 3) + 'x'.repeat(first.maxLength) }),
  ];
  for (const body of forbidden) {
    const answer = await through(body);
    assert.ok(answer.violations.some((violation) => violation.location?.[0] === 'request'), `Prism allows ${body.slice(0, 80)}`);
    assert.deepEqual(responseViolations(answer), [], `${body.slice(0, 80)}: ${JSON.stringify(answer.violations)}`);
    assert.ok(answer.status >= 400 && answer.status < 500, `${body.slice(0, 80)}: ${answer.status}`);
  }

  // Other fields are ignored, as the document allows: the answer is the input's.
  const withExtra = await through(JSON.stringify({ sessionId: '00D5j00000SfSso!demo.session.alice', instanceUrl: 'https://attacker.example' }));
  assert.deepEqual(withExtra.violations, []);
  assert.equal(withExtra.status, 200);
});
