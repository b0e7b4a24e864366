// One full sign-in against a running local stack, timed: validator + InitiateAuth + RespondToAuthChallenge, with
// plain fetch (no client library overhead) on one keep-alive connection per service, one sign-in at a time.
// Then the same sign-in as one RFC 8693 token exchange call (200 of them), for comparison.
// Usage: node bench/local-sign-in.mjs [iterations]   (SFSSO_VALIDATOR_URL / SFSSO_COGNITO_URL to override)
const validatorUrl = process.env.SFSSO_VALIDATOR_URL ?? 'http://127.0.0.1:5080';
const cognitoUrl = process.env.SFSSO_COGNITO_URL ?? 'http://127.0.0.1:9230';
const session = process.env.SFSSO_SESSION ?? '00D5j00000SfSso!demo.session.alice';
const iterations = Number(process.argv[2] ?? 500);
// SFSSO_TICKET=0: answer without the validator's ticket, so Verify asks Salesforce again (the figure without tickets).
const passTicket = process.env.SFSSO_TICKET !== '0';

async function post(url, headers, body) {
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  const json = await response.json();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}
const cognito = (operation, body) => post(cognitoUrl, {
  'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
}, body);

async function signIn() {
  const t0 = performance.now();
  const { username, ticket } = await post(`${validatorUrl}/v1/sessions/validate`, { 'content-type': 'application/json' }, { sessionId: session });
  const t1 = performance.now();
  const started = await cognito('InitiateAuth', { AuthFlow: 'CUSTOM_AUTH', ClientId: 'sfssolocal', AuthParameters: { USERNAME: username } });
  const t2 = performance.now();
  const done = await cognito('RespondToAuthChallenge', {
    ClientId: 'sfssolocal', ChallengeName: 'CUSTOM_CHALLENGE', Session: started.Session,
    ChallengeResponses: { USERNAME: username, ANSWER: session },
    ...(passTicket && ticket ? { ClientMetadata: { ticket } } : {}),
  });
  const t3 = performance.now();
  if (!done.AuthenticationResult?.IdToken) throw new Error('no tokens');
  return { total: t3 - t0, validate: t1 - t0, initiate: t2 - t1, respond: t3 - t2 };
}

async function exchange() {
  const t0 = performance.now();
  const response = await fetch(`${validatorUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: session,
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    }),
  });
  const json = await response.json();
  if (response.status !== 200) throw new Error(`exchange answered ${response.status}: ${JSON.stringify(json)}`);
  return performance.now() - t0;
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (value) => Number(value.toFixed(2));

const first = await signIn(); // the stack's first sign-in: JIT, connections, the user created
for (let i = 0; i < 50; i++) await signIn(); // warm-up
const runs = [];
for (let i = 0; i < iterations; i++) runs.push(await signIn());
const column = (name) => runs.map((run) => run[name]);
for (let i = 0; i < 50; i++) await exchange(); // warm-up
const exchanges = [];
for (let i = 0; i < Math.min(iterations, 200); i++) exchanges.push(await exchange());
console.log(JSON.stringify({
  benchmark: 'local stack, one full sign-in',
  iterations,
  first_sign_in_ms: ms(first.total),
  median_ms: ms(percentile(column('total'), 50)),
  p95_ms: ms(percentile(column('total'), 95)),
  p99_ms: ms(percentile(column('total'), 99)),
  steps_median_ms: {
    validate: ms(percentile(column('validate'), 50)),
    initiate_auth: ms(percentile(column('initiate'), 50)),
    respond_to_auth_challenge: ms(percentile(column('respond'), 50)),
  },
}));
console.log(JSON.stringify({
  benchmark: 'local stack, one token exchange (POST /oauth2/token)',
  iterations: exchanges.length,
  median_ms: ms(percentile(exchanges, 50)),
  p99_ms: ms(percentile(exchanges, 99)),
}));
