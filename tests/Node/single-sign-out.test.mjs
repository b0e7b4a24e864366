// Single sign-out through a client library nobody here wrote (AWS SDK for JavaScript v3): a Salesforce logout, or a
// deactivation, and Cognito refuses the user's refresh token as revoked; and nothing made before it — the validator's
// ticket, the verify trigger's cached answer — signs the user in again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  NotAuthorizedException,
} from '@aws-sdk/client-cognito-identity-provider';
import { clientId, cognitoUrl, region, salesforceUrl, users, validate } from './stack.mjs';

const client = new CognitoIdentityProviderClient({ region, endpoint: cognitoUrl });
// Users no other test signs in (LocalStack__Users__1__… and __2__…, set by .ci/run): their sign-ins end here.
const loggingOut = process.env.SFSSO_LOGOUT_EMAIL ?? 'ivy@example.com';
const deactivated = { session: process.env.SFSSO_DEACTIVATED_SESSION, userId: process.env.SFSSO_DEACTIVATED_USER_ID };

async function logIn(email) {
  const response = await fetch(`${salesforceUrl}/login.jsp`, { method: 'POST', body: new URLSearchParams({ un: email }) });
  assert.equal(response.status, 200, `the stand-in's login answered ${response.status}`);
  return (await response.json()).sessionId;
}

/** Steps 2 and 3, as anyone who knows the username can make them, with the validator's ticket when given: the
 * tokens, or undefined when Cognito asks again or fails the sign-in. */
async function answer(username, session, ticket) {
  const started = await client.send(new InitiateAuthCommand({ AuthFlow: 'CUSTOM_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username } }));
  try {
    const done = await client.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: started.Session,
      ChallengeResponses: { USERNAME: started.ChallengeParameters.USERNAME, ANSWER: session },
      ClientMetadata: ticket ? { ticket } : undefined,
    }));
    return done.AuthenticationResult;
  } catch (error) {
    assert.ok(error instanceof NotAuthorizedException, String(error));
    return undefined;
  }
}

async function signIn(session) {
  const { username } = await validate(session);
  const tokens = await answer(username, session);
  assert.ok(tokens, 'signed in');
  return tokens;
}

const refresh = (refreshToken) => client.send(new InitiateAuthCommand({
  AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: refreshToken },
}));

/** The refresh refused, waited for: the event travels Salesforce → Pub/Sub → validator → Cognito. */
async function refusedRefresh(refreshToken) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await refresh(refreshToken);
    } catch (error) {
      return error;
    }
    assert.ok(Date.now() < deadline, 'the refresh token still works 10 s after Salesforce ended the session');
    await new Promise((resolve) => { setTimeout(resolve, 20); });
  }
}

test('a Salesforce logout: the refresh token is refused as revoked, and no ticket or cached answer from before it signs in', async () => {
  const session = await logIn(loggingOut);
  const tokens = await signIn(session); // the verify trigger asked Salesforce, and keeps the answer
  await refresh(tokens.RefreshToken);
  const { username, ticket } = await validate(session);
  assert.ok(ticket, 'the local stack signs tickets');

  const logout = await fetch(`${salesforceUrl}/secur/logout.jsp`, { method: 'POST', headers: { cookie: `sid=${session}` } });
  assert.equal(logout.status, 200);

  const error = await refusedRefresh(tokens.RefreshToken);
  assert.ok(error instanceof NotAuthorizedException, String(error));
  assert.equal(error.message, 'Refresh Token has been revoked');
  assert.equal(await answer(username, session, ticket), undefined, 'a ticket from before the logout signed the user in');
  assert.equal(await answer(username, session), undefined, 'a cached answer from before the logout signed the user in');

  const again = await logIn(loggingOut);
  const fresh = await validate(again);
  assert.ok(await answer(username, again, fresh.ticket), 'a new Salesforce login signs in at once');
});

test('a deactivation: the refresh token is refused as revoked', { skip: !deactivated.session && 'SFSSO_DEACTIVATED_SESSION is not set' }, async () => {
  const tokens = await signIn(deactivated.session);
  const { username, ticket } = await validate(deactivated.session);

  const patch = await fetch(`${salesforceUrl}/services/data/v62.0/sobjects/User/${deactivated.userId}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${users.bob.session}`, 'content-type': 'application/json' },
    body: JSON.stringify({ IsActive: false }),
  });
  assert.equal(patch.status, 204);

  const error = await refusedRefresh(tokens.RefreshToken);
  assert.ok(error instanceof NotAuthorizedException, String(error));
  assert.equal(error.message, 'Refresh Token has been revoked');
  assert.equal(await answer(username, deactivated.session, ticket), undefined, 'a ticket from before the deactivation signed the user in');
});
