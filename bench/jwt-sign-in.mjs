// A full sign-in (validator + InitiateAuth + RespondToAuthChallenge) with a fresh credential each time, against a
// running local stack: a new Salesforce session (the validator asks Salesforce once; Verify accepts the ticket) or a
// new JWT-based access token of a known user (no Salesforce call at all). Each credential comes from the stand-in's
// login, outside the timing. Usage: node bench/jwt-sign-in.mjs <session|jwt> [iterations]
const validatorUrl = process.env.SFSSO_VALIDATOR_URL ?? 'http://127.0.0.1:5080';
const cognitoUrl = process.env.SFSSO_COGNITO_URL ?? 'http://127.0.0.1:9230';
const salesforceUrl = process.env.SFSSO_SALESFORCE_URL ?? 'http://127.0.0.1:9231';
const kind = process.argv[2] ?? 'jwt';
const iterations = Number(process.argv[3] ?? 200);

async function post(url, headers, body) {
  const response = await fetch(url, { method: 'POST', headers, body });
  const json = await response.json();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}
const cognito = (operation, body) => post(cognitoUrl, {
  'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
}, JSON.stringify(body));
const logIn = () => post(`${salesforceUrl}/login.jsp`, {}, new URLSearchParams({ un: 'bob@example.com' }));

async function signIn() {
  const login = await logIn();
  const credential = kind === 'jwt' ? login.accessToken : login.sessionId;
  const t0 = performance.now();
  const { username, ticket } = await post(`${validatorUrl}/v1/sessions/validate`, { 'content-type': 'application/json' },
    JSON.stringify(kind === 'jwt' ? { accessToken: credential } : { sessionId: credential }));
  const started = await cognito('InitiateAuth', { AuthFlow: 'CUSTOM_AUTH', ClientId: 'sfssolocal', AuthParameters: { USERNAME: username } });
  const done = await cognito('RespondToAuthChallenge', {
    ClientId: 'sfssolocal', ChallengeName: 'CUSTOM_CHALLENGE', Session: started.Session,
    ChallengeResponses: { USERNAME: username, ANSWER: credential },
    ...(ticket ? { ClientMetadata: { ticket } } : {}),
  });
  if (!done.AuthenticationResult?.IdToken) throw new Error('no tokens');
  return performance.now() - t0;
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const counts = async () => (await (await fetch(`${salesforceUrl}/sfsso/counts`)).json()).userRequests;

for (let warm = 0; warm < 20; warm++) await signIn(); // JIT, connections, the user known
const before = await counts();
const times = [];
for (let i = 0; i < iterations; i++) times.push(await signIn());
const calls = (await counts()) - before;
console.log(JSON.stringify({
  bench: 'sign-in', kind, iterations, p50_ms: Number(percentile(times, 50).toFixed(2)), p99_ms: Number(percentile(times, 99).toFixed(2)),
  salesforce_calls_per_sign_in: Number((calls / iterations).toFixed(2)),
}));
