// Single sign-out latency on the local stack: a Salesforce logout (the stand-in's /secur/logout.jsp) until Cognito
// refuses the user's refresh token, through the AWS SDK v3. Each round: a new Salesforce session, a sign-in, the
// logout, then refreshes every 5 ms until one is refused. Usage (stack running, tests/Node installed):
//   SFSSO_VALIDATOR_URL=… SFSSO_COGNITO_URL=… SFSSO_SALESFORCE_URL=… node bench/single-sign-out.mjs [rounds] [email]
import { createRequire } from 'node:module';

const require = createRequire(new URL('../tests/Node/package.json', import.meta.url));
const { CognitoIdentityProviderClient, InitiateAuthCommand, RespondToAuthChallengeCommand } = require('@aws-sdk/client-cognito-identity-provider');

const validatorUrl = process.env.SFSSO_VALIDATOR_URL ?? 'http://127.0.0.1:5080';
const cognitoUrl = process.env.SFSSO_COGNITO_URL ?? 'http://127.0.0.1:9230';
const salesforceUrl = process.env.SFSSO_SALESFORCE_URL ?? 'http://127.0.0.1:9231';
const rounds = Number(process.argv[2] ?? 100);
const email = process.argv[3] ?? 'alice@example.com';
const client = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: cognitoUrl });
const clientId = 'sfssolocal';

async function roundOnce() {
  const login = await fetch(`${salesforceUrl}/login.jsp`, { method: 'POST', body: new URLSearchParams({ un: email }) });
  const { sessionId } = await login.json();
  const validated = await (await fetch(`${validatorUrl}/v1/sessions/validate`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionId }),
  })).json();
  const started = await client.send(new InitiateAuthCommand({ AuthFlow: 'CUSTOM_AUTH', ClientId: clientId, AuthParameters: { USERNAME: validated.username } }));
  const done = await client.send(new RespondToAuthChallengeCommand({
    ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: started.Session,
    ChallengeResponses: { USERNAME: started.ChallengeParameters.USERNAME, ANSWER: sessionId },
  }));
  const refreshToken = done.AuthenticationResult.RefreshToken;
  const refresh = () => client.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: refreshToken } }));
  const begin = process.hrtime.bigint();
  await fetch(`${salesforceUrl}/secur/logout.jsp`, { method: 'POST', headers: { cookie: `sid=${sessionId}` } });
  for (;;) {
    try {
      await refresh();
    } catch (error) {
      if (error.message !== 'Refresh Token has been revoked') throw error;
      return Number(process.hrtime.bigint() - begin) / 1e6;
    }
    if (Number(process.hrtime.bigint() - begin) > 30_000e6) throw new Error('not revoked within 30 s');
    await new Promise((resolve) => { setTimeout(resolve, 5); });
  }
}

const latencies = [];
for (let i = 0; i < rounds; i++) latencies.push(await roundOnce());
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)];
console.log(JSON.stringify({ rounds, p50_ms: +at(0.5).toFixed(1), p99_ms: +at(0.99).toFixed(1), max_ms: +latencies.at(-1).toFixed(1), min_ms: +latencies[0].toFixed(1) }));
