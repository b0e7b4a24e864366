// Every command the README and docs/ show, run as a reader runs it: in a fresh copy of the repository (named
// SfCognitoSso, as a clone is), from its root, on the default ports, against the local stack started by the README's
// own command. A block promises what its `# → …` lines say it prints, and no block may print a problem it did not
// promise. A shell block's info string says how it runs:
//   ```bash             run, in page order
//   ```bash server N    started first (the local stack, the Functions host stand-in), ready when port N answers
//   ```bash ci-itself   the CI entry point, which is what runs this file
//   ```bash ci-publish  run verbatim by .ci/run (the NativeAOT bootstrap, checked there)
//   ```bash cloud       needs an AWS or Azure account, terraform, or a Salesforce org: not run here
// TypeScript blocks compile under --strict in the app the README's install block makes, with the README's compiler
// options; the README's app then signs a user in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsc = fileURLToPath(new URL('./node_modules/typescript/bin/tsc', import.meta.url));
export const pages = ['README.md', 'clients/js/README.md', 'src/Client/README.md',
  ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).sort().map((name) => `docs/${name}`)];
const tags = new Set(['', 'server', 'ci-itself', 'ci-publish', 'cloud']);

/** Every fenced block of a page: its language, its tag (the info string's second word), its argument, its text. */
export function fences(page) {
  const text = readFileSync(join(root, page), 'utf8');
  return [...text.matchAll(/^```(\w*)([^\n]*)\n([\s\S]*?)^```$/gm)].map((match) => {
    const [tag = '', argument = ''] = match[2].trim().split(/\s+/);
    return { page, language: match[1], tag, argument, body: match[3], line: text.slice(0, match.index).split('\n').length };
  });
}

const blocks = pages.flatMap(fences);
const shell = blocks.filter((block) => block.language === 'bash');
const servers = shell.filter((block) => block.tag === 'server');
// A block that logs a user out of Salesforce runs after the others: a sign-out refuses the user's JWTs issued within
// seconds after it (the clock skew it allows), which a reader pasting the pages in order never meets.
const endsASession = (block) => block.body.includes('logout.jsp');
const runs = shell.filter((block) => block.tag === '').sort((a, b) => Number(endsASession(a)) - Number(endsASession(b)));
const demoSession = '00D5j00000SfSso!demo.session.alice';
/** What a block promises to print: its `# → …` lines (a trailing … stands for the rest of the line). */
const promises = (block) => [...block.body.matchAll(/^# → (.+)$/gm)].map((match) => match[1].trim().replace(/…$/, ''));

test('every shell block says how it runs, and the pages have commands that run here', () => {
  for (const block of shell) {
    assert.ok(tags.has(block.tag), `${block.page}:${block.line}: unknown tag "${block.tag}"`);
    if (block.tag === 'server') assert.match(block.argument, /^\d+$/, `${block.page}:${block.line}: a server block names its port`);
  }
  assert.ok(runs.length >= 15, `${runs.length} blocks run`);
  assert.ok(servers.some((block) => block.page === 'README.md' && block.body.trim() === 'dotnet run --project src/Hosts/Local'));
  for (const page of ['README.md', 'docs/local-stack.md', 'docs/clients.md', 'docs/session-sources.md', 'clients/js/README.md']) {
    assert.ok(runs.some((block) => block.page === page), `${page} has commands that run`);
  }
});

test('no page sends an admin to "New Connected App", which Salesforce blocks since Spring \'26', () => {
  for (const page of pages) {
    const text = readFileSync(join(root, page), 'utf8');
    // The button's name, and the instruction in words; "blocks creating new connected apps" says why not.
    assert.doesNotMatch(text, /New Connected App/, page);
    assert.doesNotMatch(text, /\b(?:create|make) (?:a |an )?(?:new )?connected app/i, page);
  }
});

// The reader's machine: a copy of the working tree (what a clone holds, with uncommitted changes), next to which the
// README's app folder goes; none of the test run's own settings (CI's stack on other ports).
const workspace = mkdtempSync(join(tmpdir(), 'sfsso-docs-'));
const clone = join(workspace, 'SfCognitoSso');
const readerEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(SFSSO_|LocalStack__)/.test(name)));
// npm from its cache where it can; no build server outlives its build (it would hold this test's pipes open).
Object.assign(readerEnv, {
  npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', DOTNET_NOLOGO: '1',
  // npx asks before it fetches a tool; a reader answers yes at the prompt.
  npm_config_yes: 'true',
  MSBUILDDISABLENODEREUSE: '1', DOTNET_CLI_USE_MSBUILD_SERVER: '0', UseSharedCompilation: 'false',
});
const started = [];

function copyWorkingTree() {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\0').filter((file) => file && existsSync(join(root, file)));
  for (const file of files) {
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    copyFileSync(join(root, file), join(clone, file));
  }
  return files.length;
}

/** Starts a server block as a reader does, in a terminal when `script` is there (the build notice goes to it). */
async function startServer(block, extraEnv = {}) {
  const port = Number(block.argument);
  const taken = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) }).then(() => true, () => false);
  if (taken) throw new Error(`port ${port} already answers: stop what listens there (a local stack left running?) and run again`);
  const command = existsSync('/usr/bin/script') ? ['script', ['-qfec', `bash -euo pipefail -c '${block.body.replaceAll("'", "'\\''")}'`, '/dev/null']] : ['bash', ['-euo', 'pipefail', '-c', block.body]];
  const child = spawn(command[0], command[1], { cwd: clone, env: { ...readerEnv, ...extraEnv }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const server = { block, child, output: '', port };
  child.stdout.on('data', (chunk) => { server.output += chunk; });
  child.stderr.on('data', (chunk) => { server.output += chunk; });
  started.push(server);
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${block.page}:${block.line} exited ${child.exitCode}:\n${server.output}`);
    const answered = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) }).then(() => true, () => false);
    if (answered) return server;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${block.page}:${block.line} did not answer on port ${port} within 10 minutes:\n${server.output}`);
}

/** Ctrl-C, as a reader stops it: to every process of the copy (dotnet run, the app it started), then a kill. */
async function stop(server) {
  if (server.child.exitCode === null) {
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    spawnSync('pkill', ['-INT', '-f', clone]);
    const timer = setTimeout(() => spawnSync('pkill', ['-KILL', '-f', clone]), 15_000);
    await exited;
    clearTimeout(timer);
  }
  server.child.stdout.destroy();
  server.child.stderr.destroy();
}

/** Runs a block from the clone's root; standard input holds the demo session, for a block that reads one. */
function run(block) {
  return spawnSync('bash', ['-euo', 'pipefail', '-c', block.body], {
    cwd: clone, env: readerEnv, input: `${demoSession}\n`, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 1024 * 1024,
  });
}

/** Why a block's run broke its promise, or null. */
function broken(block, result) {
  if (result.status !== 0) return `exit ${result.status ?? result.signal}\n${result.stderr}\n${result.stdout}`;
  for (const promise of promises(block)) {
    if (!result.stdout.includes(promise)) return `it does not print ${promise}:\n${result.stdout}`;
  }
  const unpromised = ['"code":"', '"__type":"'].find((problem) => result.stdout.includes(problem) && !promises(block).some((promise) => promise.includes(problem)));
  return unpromised ? `it prints a problem it does not promise:\n${result.stdout}` : null;
}

let stack;
before(async () => {
  copyWorkingTree();
  const localStack = servers.find((block) => block.page === 'README.md');
  stack = await startServer(localStack);
  for (const block of servers) {
    if (!started.some((server) => server.block.body === block.body)) await startServer(block);
  }
});
after(async () => {
  for (const server of started) await stop(server);
  rmSync(workspace, { recursive: true, force: true });
});

test('the README\'s first command builds the stack, says so in the terminal, then says where everything is', () => {
  const building = stack.output.indexOf('Building the local stack');
  const ready = stack.output.indexOf('SfCognitoSso local stack is ready.');
  assert.ok(ready > 0, stack.output);
  if (existsSync('/usr/bin/script')) assert.ok(building >= 0 && building < ready, stack.output);
  for (const port of [5080, 9230, 9231, 9232]) assert.ok(stack.output.includes(`http://127.0.0.1:${port}`), `the banner lists port ${port}`);
  assert.doesNotMatch(stack.output, /Exception|: warn|fail:|crit:/, stack.output);
});

for (const block of runs) {
  test(`${block.page}:${block.line} runs and prints what it promises`, () => {
    const result = run(block);
    const why = broken(block, result);
    assert.equal(why, null, `${block.body}\n${why}`);
  });
}

test('the TypeScript snippets compile under --strict in the README\'s app, with the README\'s compiler options', async () => {
  const app = join(workspace, 'my-app');
  assert.ok(existsSync(join(app, 'node_modules/@sfcognitosso/client/sfsso.d.ts')), 'the README\'s install block made the app');
  const options = blocks.find((block) => block.page === 'README.md' && block.language === 'json' && block.body.includes('compilerOptions'));
  assert.ok(options, 'the README shows its compiler options');
  const snippets = blocks.filter((block) => block.language === 'ts');
  assert.ok(snippets.length >= 3);
  const files = snippets.map((block, index) => {
    writeFileSync(join(app, `snippet${index}.ts`), block.body);
    return `snippet${index}.ts`;
  });
  const config = JSON.parse(options.body);
  assert.equal(config.compilerOptions.strict, true);
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ ...config, files }));
  const compiled = spawnSync(process.execPath, [tsc, '-p', app], { encoding: 'utf8' });
  assert.equal(compiled.status, 0, compiled.stdout + compiled.stderr);
  assert.equal(JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')).type, 'module', 'the README sets "type": "module"');

  // The README's app, as compiled, signs a user in against the local stack.
  const readmeSnippet = files[snippets.findIndex((block) => block.page === 'README.md')];
  const { signInToCognito } = await import(pathToFileURL(join(app, readmeSnippet.replace(/\.ts$/, '.js'))).href);
  const login = await (await fetch('http://127.0.0.1:9231/login.jsp', { method: 'POST', body: new URLSearchParams({ un: 'bob@example.com' }) })).json();
  const signedIn = await signInToCognito(login.accessToken);
  assert.match(signedIn.username, /^sf_00D5j00000SfSso/);
  assert.equal(signedIn.idToken.split('.').length, 3);
});

test('the single sign-out demo fails when single sign-out is off: its promise is the sign-out\'s, not the refusal\'s', async () => {
  const demo = runs.find((block) => block.page === 'docs/local-stack.md' && block.body.includes('logout.jsp'));
  assert.ok(demo, 'docs/local-stack.md shows single sign-out');
  // It passed above, as the last block run (a sign-out refuses the user's tokens issued within seconds after it).
  await stop(stack);
  stack = await startServer(stack.block, { LocalStack__SingleSignOut: 'false' });
  assert.notEqual(broken(demo, run(demo)), null, 'the demo passes with single sign-out off');
});
