// An org with JWT-based access tokens: the stand-in's login hands out a JWT in Salesforce's format; the AWS SDK for
// JavaScript v3 signs in with it. A user the pool knows costs no Salesforce call at all (the stand-in counts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CognitoIdentityProviderClient, InitiateAuthCommand, RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { clientId, cognitoUrl, region, salesforceUrl, validatorUrl, assertValidIdToken } from './stack.mjs';

const client = new CognitoIdentityProviderClient({ region, endpoint: cognitoUrl });

async function logIn(email) {
  const response = await fetch(`${salesforceUrl}/login.jsp`, { method: 'POST', body: new URLSearchParams({ un: email }) });
  assert.equal(response.status, 200);
  return (await response.json()).accessToken;
}

async function userRequests() {
  return (await (await fetch(`${salesforceUrl}/sfsso/counts`)).json()).userRequests;
}

async function signInWithAccessToken(accessToken) {
  const validated = await fetch(`${validatorUrl}/v1/sessions/validate`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accessToken }),
  });
  const body = await validated.json();
  assert.equal(validated.status, 200, JSON.stringify(body));
  const started = await client.send(new InitiateAuthCommand({
    AuthFlow: 'CUSTOM_AUTH', ClientId: clientId, AuthParameters: { USERNAME: body.username },
  }));
  const done = await client.send(new RespondToAuthChallengeCommand({
    ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: started.Session,
    ChallengeResponses: { USERNAME: started.ChallengeParameters.USERNAME, ANSWER: accessToken },
  }));
  assert.ok(done.AuthenticationResult, 'the JWT answered the challenge');
  return { username: body.username, tokens: done.AuthenticationResult };
}

test('a JWT access token signs a known user in with no Salesforce call, the challenge answered offline too', async () => {
  await signInWithAccessToken(await logIn('bob@example.com'));
  const token = await logIn('bob@example.com');
  const [header] = token.split('.');
  assert.equal(JSON.parse(Buffer.from(header, 'base64url')).tty, 'sfdc-core-token');
  const before = await userRequests();

  const { username, tokens } = await signInWithAccessToken(token);

  assert.equal(await userRequests(), before, 'no Salesforce call for a known user');
  await assertValidIdToken(tokens.IdToken, { username, email: 'bob@example.com' });
});

test('a tampered JWT is refused before any Salesforce call', async () => {
  const token = await logIn('bob@example.com');
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url'));
  claims.sub = 'uid:0055j00000Alice';
  const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
  const before = await userRequests();

  const response = await fetch(`${validatorUrl}/v1/sessions/validate`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accessToken: forged }),
  });

  assert.equal(response.status, 401);
  assert.equal((await response.json()).code, 'invalid_session');
  assert.equal(await userRequests(), before);
});
