// The OpenAPI document as teams consume it: Redocly's recommended rules find nothing in the shipped document, and
// openapi-typescript's types from the document the running validator serves make a strict TypeScript program compile
// while refusing what the validator refuses (an empty body, an unknown problem code, a wrong grant type).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validatorUrl } from './stack.mjs';

const shipped = fileURLToPath(new URL('../../src/Adapters/Http/openapi-v1.json', import.meta.url));
const bin = (path) => fileURLToPath(new URL(`./node_modules/${path}`, import.meta.url));

test('Redocly\'s recommended rules find no error and no warning in the document', () => {
  const lint = spawnSync(process.execPath, [bin('@redocly/cli/bin/cli.js'), 'lint', '--extends=recommended', '--format=json', shipped], {
    encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, timeout: 120_000,
  });
  const report = JSON.parse(lint.stdout);
  assert.deepEqual(report.totals, { errors: 0, warnings: 0, ignored: 0 }, JSON.stringify(report.problems, null, 1));
  assert.equal(lint.status, 0, lint.stderr);
});

const program = `
import type { paths, components } from './validator.js';

type ValidateBody = paths['/v1/sessions/validate']['post']['requestBody']['content']['application/json'];
type Validated = paths['/v1/sessions/validate']['post']['responses'][200]['content']['application/json'];
type Problem = components['schemas']['ProblemDetails'];
type ExchangeForm = NonNullable<paths['/oauth2/token']['post']['requestBody']>['content']['application/x-www-form-urlencoded'];
type Exchanged = paths['/oauth2/token']['post']['responses'][200]['content']['application/json'];
type OAuthError = paths['/oauth2/token']['post']['responses'][400]['content']['application/json'];

export const bodies: ValidateBody[] = [{ sessionId: '00D!x' }, { signedRequest: 'sig.body' }, { accessToken: 'eyJ' }];
export function username(answer: Validated): string { return answer.username; }
export function branch(problem: Problem): number {
  switch (problem.code) {
    case 'invalid_session': return problem.status;
    case 'rate_limited': return 429;
    default: return 0;
  }
}
export const form: ExchangeForm = {
  grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
  subject_token: 'eyJ',
  subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
  requested_token_type: 'urn:ietf:params:oauth:token-type:id_token',
};
export function token(answer: Exchanged | OAuthError): string { return 'access_token' in answer ? answer.access_token : answer.error; }

// @ts-expect-error an empty body is no sign-in input
export const empty: ValidateBody = {};
// @ts-expect-error the body takes no other field
export const extra: ValidateBody = { sessionId: 's', instanceUrl: 'https://x' };
// @ts-expect-error codes are an enumeration
export const unknownCode: Problem['code'] = 'no_such_code';
// @ts-expect-error status is an integer
export const textStatus: Problem['status'] = '401';
// @ts-expect-error the exchange's grant type only
export const otherGrant: ExchangeForm['grant_type'] = 'password';
// @ts-expect-error subject_token is required
export const noSubject: ExchangeForm = { grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', subject_token_type: 'urn:ietf:params:oauth:token-type:jwt' };
`;

test('types generated from the served document make a strict program compile and refuse what the validator refuses', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'sfsso-openapi-'));
  try {
    const served = await fetch(`${validatorUrl}/openapi/v1.json`);
    assert.equal(served.status, 200);
    writeFileSync(join(folder, 'openapi.json'), await served.text());
    const generated = spawnSync(process.execPath, [bin('openapi-typescript/bin/cli.js'), join(folder, 'openapi.json'), '-o', join(folder, 'validator.ts')], { encoding: 'utf8' });
    assert.equal(generated.status, 0, generated.stdout + generated.stderr);
    writeFileSync(join(folder, 'program.ts'), program);
    writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', exactOptionalPropertyTypes: true },
      files: ['program.ts'],
    }));
    const tsc = (source) => {
      writeFileSync(join(folder, 'program.ts'), source);
      return spawnSync(process.execPath, [bin('typescript/bin/tsc'), '-p', folder], { encoding: 'utf8' });
    };

    const compiled = tsc(program);
    assert.equal(compiled.status, 0, compiled.stdout + compiled.stderr);
    const unguarded = tsc(program.replaceAll('// @ts-expect-error', '//'));
    assert.equal((unguarded.stdout.match(/error TS/g) ?? []).length, 6, unguarded.stdout);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
