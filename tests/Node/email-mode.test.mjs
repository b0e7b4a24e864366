// Single sign-out in Email mode through a client library nobody here wrote (AWS SDK for JavaScript v3): a second local
// stack of its own (Identity__Key=Email), a user another provider made already holding the address (created with the
// SDK's AdminCreateUser, signed with the stack's admin credentials), a Salesforce user whose first sign-in links to
// it; after the Salesforce logout its refresh token is revoked and the ticket from before signs no one in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  NotAuthorizedException,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { cannotStart, ownStack, validateAt } from './own-stack.mjs';

const base = Number(process.env.SFSSO_EMAIL_MODE_PORT_BASE ?? 25080);
const clientId = 'sfssolocal';
const poolId = 'us-east-1_SfSsoLocal';
const email = 'nina@example.com';
const skip = cannotStart;
const stack = ownStack(base, {
  LocalStack__Users__0__SessionId: '00D5j00000SfSso!node.session.of.nina',
  LocalStack__Users__0__UserId: '0055j00000Nina1',
  LocalStack__Users__0__Email: email,
  LocalStack__Users__1__SessionId: '00D5j00000SfSso!node.session.of.olga',
  LocalStack__Users__1__UserId: '0055j00000Olga1',
  LocalStack__Users__1__Email: 'olga@example.com',
  Identity__Key: 'Email',
  Salesforce__Endpoint: 'UserInfo',
});

const cognitoUrl = `http://127.0.0.1:${base + 1}`;
const salesforceUrl = `http://127.0.0.1:${base + 2}`;
const client = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: cognitoUrl });
const admin = new CognitoIdentityProviderClient({
  region: 'us-east-1',
  endpoint: cognitoUrl,
  credentials: { accessKeyId: 'AKIALOCALSTACK0000000', secretAccessKey: 'local-stack-not-a-secret' },
});

async function answer(username, session, ticket) {
  const started = await client.send(new InitiateAuthCommand({ AuthFlow: 'CUSTOM_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username } }));
  try {
    const done = await client.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: started.Session,
      ChallengeResponses: { USERNAME: started.ChallengeParameters.USERNAME, ANSWER: session }, ClientMetadata: { ticket },
    }));
    return done.AuthenticationResult;
  } catch (error) {
    assert.ok(error instanceof NotAuthorizedException, String(error));
    return undefined;
  }
}

/** Until the refresh token is refused (the sign-out has run), at most 10 s. */
async function refusedRefresh(refreshToken) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await client.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: refreshToken } }));
    } catch (error) {
      return error;
    }
    assert.ok(Date.now() < deadline, 'the user still refreshes 10 s after the logout');
    await new Promise((resolve) => { setTimeout(resolve, 20); });
  }
}

test('Email mode: a JWT-based access token issued before a logout gets no Cognito tokens after it, ticket or not', { skip }, async () => {
  // Review finding: in Email mode the validator never compared a JWT with the user's mark, and Verify took its ticket.
  const login = await fetch(`${salesforceUrl}/login.jsp`, { method: 'POST', body: new URLSearchParams({ un: 'olga@example.com' }) });
  const { sessionId, accessToken } = await login.json();
  const validateToken = async () => {
    const response = await fetch(`${stack.validatorUrl}/v1/sessions/validate`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accessToken }),
    });
    return { status: response.status, ...(await response.json()) };
  };
  const validated = await validateToken();
  assert.equal(validated.status, 200, JSON.stringify(validated));
  const tokens = await answer(validated.username, accessToken, validated.ticket);
  assert.ok(tokens?.RefreshToken, 'signed in with the token');

  // A logout ends the UI session, not the OAuth token: Salesforce still answers for the token.
  await fetch(`${salesforceUrl}/secur/logout.jsp`, { method: 'POST', headers: { cookie: `sid=${sessionId}` } });
  assert.equal((await refusedRefresh(tokens.RefreshToken)).message, 'Refresh Token has been revoked');

  const after = await validateToken();
  assert.equal(after.status, 401, JSON.stringify(after));
  assert.equal(await answer(validated.username, accessToken, validated.ticket), undefined, 'the ticket from before the logout signed the user in');
  assert.equal(await answer(validated.username, accessToken, undefined), undefined, 'the token from before the logout signed the user in');
});

test('Email mode: a logout signs the linked user of another provider out, and its ticket from before signs no one in', { skip }, async () => {
  await admin.send(new AdminCreateUserCommand({
    UserPoolId: poolId, Username: 'Google_1234567890', MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }],
  }));
  const login = await fetch(`${salesforceUrl}/login.jsp`, { method: 'POST', body: new URLSearchParams({ un: email }) });
  const { sessionId } = await login.json();
  const validated = await validateAt(stack.validatorUrl, sessionId);
  assert.equal(validated.username, 'Google_1234567890', 'the first sign-in links to the user holding the address');
  const tokens = await answer(validated.username, sessionId, validated.ticket);
  assert.ok(tokens?.RefreshToken, 'signed in');

  await fetch(`${salesforceUrl}/secur/logout.jsp`, { method: 'POST', headers: { cookie: `sid=${sessionId}` } });

  const deadline = Date.now() + 10_000;
  let refused;
  while (!refused) {
    try {
      await client.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken } }));
    } catch (error) {
      refused = error;
    }
    assert.ok(refused || Date.now() < deadline, 'the linked user still refreshes 10 s after the logout');
    if (!refused) await new Promise((resolve) => { setTimeout(resolve, 20); });
  }
  assert.equal(refused.message, 'Refresh Token has been revoked');
  assert.equal(await answer(validated.username, sessionId, validated.ticket), undefined, 'the ticket from before the logout signed the user in');
});
