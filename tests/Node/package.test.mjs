// The browser module as teams install it: `npm pack` of clients/js, installed into a clean folder, imported by a
// strict TypeScript program that compiles against its declarations (and proves wrong types are refused), and run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const moduleFolder = fileURLToPath(new URL('../../clients/js/', import.meta.url));
const tsc = fileURLToPath(new URL('./node_modules/typescript/bin/tsc', import.meta.url));
const manifest = JSON.parse(readFileSync(join(moduleFolder, 'package.json'), 'utf8'));

const strictConfig = {
  compilerOptions: {
    strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext',
    lib: ['es2022', 'dom'], skipLibCheck: false, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true,
  },
};

const consumer = `
import { signIn, signInWithAccessToken, signInWithCanvas, refresh, signOut, decodeJwt, cognitoEndpointFor, SignInError } from '@sfcognitosso/client';
import type { SignInResult, Tokens } from '@sfcognitosso/client';

const target = { validatorUrl: 'https://sso.example.com', userPoolId: 'eu-west-1_AbC123', clientId: 'app' };
export async function run(sessionId: string): Promise<string> {
  try {
    const signedIn: SignInResult = await signIn({ ...target, sessionId });
    const renewed: Tokens = await refresh({ userPoolId: target.userPoolId, clientId: target.clientId, refreshToken: signedIn.tokens.refreshToken });
    await signOut({ ...target, refreshToken: renewed.refreshToken });
    const viaJwt = await signInWithAccessToken({ ...target, accessToken: 'eyJ...' });
    const viaCanvas = await signInWithCanvas({ ...target, signedRequest: 'sig.body', signal: AbortSignal.timeout(5000) });
    const seconds: number = renewed.expiresIn + viaJwt.tokens.expiresIn + viaCanvas.tokens.expiresIn;
    return signedIn.username + String(decodeJwt(renewed.idToken)['sub']) + seconds;
  } catch (error) {
    if (error instanceof SignInError) {
      const code: string = error.code;
      const retry: boolean = error.retryable;
      return code + String(retry) + String(error.status ?? '');
    }
    throw error;
  }
}

// Wrong types are refused:
// @ts-expect-error the pool ID is a string, never a number
void signIn({ ...target, userPoolId: 1234, sessionId: 's' });
// @ts-expect-error a sign-in needs what proves the user
void signIn({ ...target });
// @ts-expect-error refresh takes no session
void refresh({ userPoolId: 'eu-west-1_AbC123', clientId: 'app', sessionId: 's' });
// @ts-expect-error tokens have no such member
void (null as unknown as Tokens).sessionId;
export const endpoint: string = cognitoEndpointFor('eu-west-1_AbC123');
`;

function packAndInstall() {
  const folder = mkdtempSync(join(tmpdir(), 'sfsso-package-'));
  const packed = JSON.parse(execFileSync('npm', ['pack', moduleFolder, '--json', '--pack-destination', folder], { encoding: 'utf8' }))[0];
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', join(folder, packed.filename)], { cwd: folder });
  writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({ ...strictConfig, files: ['consumer.ts'] }));
  return { folder, packed };
}

test('the packed module installs into a clean folder, a strict TypeScript consumer compiles against it, and it runs', async () => {
  const { folder, packed } = packAndInstall();
  try {
    assert.deepEqual(packed.files.map((file) => file.path).sort(), ['README.md', 'package.json', 'sfsso.d.ts', 'sfsso.mjs']);

    writeFileSync(join(folder, 'consumer.ts'), consumer);
    const compiled = spawnSync(process.execPath, [tsc, '-p', folder], { encoding: 'utf8' });
    assert.equal(compiled.status, 0, compiled.stdout + compiled.stderr);

    // The same program without its @ts-expect-error lines fails: the declarations do refuse wrong types.
    writeFileSync(join(folder, 'consumer.ts'), consumer.replaceAll('// @ts-expect-error', '//'));
    const refused = spawnSync(process.execPath, [tsc, '-p', folder], { encoding: 'utf8' });
    assert.notEqual(refused.status, 0);
    assert.equal((refused.stdout.match(/error TS/g) ?? []).length, 4, refused.stdout);

    const installed = await import(join(folder, 'node_modules/@sfcognitosso/client/sfsso.mjs'));
    assert.equal(installed.cognitoEndpointFor('eu-west-1_AbC123'), 'https://cognito-idp.eu-west-1.amazonaws.com/');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('the module itself type-checks against its declarations under --checkJs --strict', () => {
  const checked = spawnSync(process.execPath, [tsc, '--allowJs', '--checkJs', '--strict', '--noEmit', '--target', 'es2022',
    '--module', 'nodenext', '--moduleResolution', 'nodenext', '--lib', 'es2022,dom', join(moduleFolder, 'sfsso.mjs')], { encoding: 'utf8' });
  assert.equal(checked.status, 0, checked.stdout + checked.stderr);
});

test('the declarations name exactly what the module exports, and the package version is the .NET packages\'', async () => {
  const declared = [...readFileSync(join(moduleFolder, 'sfsso.d.ts'), 'utf8').matchAll(/^export (?:declare )?(?:function|class) (\w+)/gm)]
    .map((match) => match[1]);
  const exported = Object.keys(await import(join(moduleFolder, 'sfsso.mjs')));
  assert.deepEqual([...new Set(declared)].sort(), exported.sort());

  const clientProject = readFileSync(fileURLToPath(new URL('../../src/Client/SfCognitoSso.Client.csproj', import.meta.url)), 'utf8');
  assert.equal(manifest.version, /<Version>([^<]+)<\/Version>/.exec(clientProject)[1]);
  assert.equal(manifest.type, 'module');
  assert.equal(manifest.exports['.'].types, './sfsso.d.ts');
});
