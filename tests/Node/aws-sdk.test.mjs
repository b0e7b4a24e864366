// AWS SDK for JavaScript v3, pointed at the local pool with an endpoint override.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  RevokeTokenCommand,
  GlobalSignOutCommand,
  NotAuthorizedException,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  clientId, cognitoUrl, region, users, wrongSession, validate, assertValidIdToken, assertValidAccessToken, claimsOf,
} from './stack.mjs';

// A path prefix on purpose: the SDK posts to it, and the pool answers on any path.
const client = new CognitoIdentityProviderClient({ region, endpoint: `${cognitoUrl}/sdk` });
const user = users.alice;

async function challenge(username) {
  const started = await client.send(new InitiateAuthCommand({
    AuthFlow: 'CUSTOM_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username }, ClientMetadata: { source: 'sdk' },
  }));
  assert.equal(started.ChallengeName, 'CUSTOM_CHALLENGE');
  assert.equal(started.ChallengeParameters.USERNAME, username);
  assert.equal(started.ChallengeParameters.challenge, 'SALESFORCE_SESSION');
  assert.ok(started.Session.length >= 20);
  return started;
}

function answer(username, session, answerValue) {
  return client.send(new RespondToAuthChallengeCommand({
    ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: session,
    ChallengeResponses: { USERNAME: username, ANSWER: answerValue },
  }));
}

async function signIn() {
  const { username } = await validate(user.session);
  const started = await challenge(username);
  const done = await answer(username, started.Session, user.session);
  assert.equal(done.NewDeviceMetadata, undefined);
  return { username, tokens: done.AuthenticationResult, usedSession: started.Session };
}

test('a demo user signs in: validator, InitiateAuth, RespondToAuthChallenge, verified tokens', async () => {
  const { username, tokens } = await signIn();
  assert.equal(tokens.TokenType, 'Bearer');
  assert.equal(tokens.ExpiresIn, 15 * 60, "the pool of our Terraform (Contracts.PoolDefaults)");
  assert.ok(tokens.RefreshToken);
  const claims = await assertValidIdToken(tokens.IdToken, { username, email: user.email });
  assert.equal(claims['custom:sf_org_id'].length, 18);
  await assertValidAccessToken(tokens.AccessToken, { username });

  const me = await client.send(new GetUserCommand({ AccessToken: tokens.AccessToken }));
  assert.equal(me.Username, username);
  assert.equal(me.UserAttributes.find((a) => a.Name === 'email').Value, user.email);
});

test('wrong answers get a new challenge until the cap, then NotAuthorizedException', async () => {
  const { username } = await validate(user.session);
  let step = await challenge(username);
  for (let attempt = 2; attempt <= 3; attempt++) {
    step = await answer(username, step.Session, wrongSession);
    assert.equal(step.ChallengeName, 'CUSTOM_CHALLENGE', 'a wrong answer is a 200 with a new challenge');
    assert.equal(step.ChallengeParameters.attempt, String(attempt));
  }
  await assert.rejects(answer(username, step.Session, wrongSession), (error) => {
    assert.ok(error instanceof NotAuthorizedException);
    assert.equal(error.message, 'Incorrect username or password.');
    assert.equal(error.$metadata.httpStatusCode, 400);
    return true;
  });
});

test('a used Session is refused', async () => {
  const { username, usedSession } = await signIn();
  await assert.rejects(answer(username, usedSession, user.session), (error) => {
    assert.ok(error instanceof NotAuthorizedException);
    assert.equal(error.message, 'Invalid session for the user.');
    return true;
  });
});

test('refresh with REFRESH_TOKEN_AUTH and GetTokensFromRefreshToken keeps origin_jti and auth_time', async () => {
  const { username, tokens } = await signIn();
  const first = claimsOf(tokens.IdToken);
  const refreshed = await client.send(new InitiateAuthCommand({
    AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken },
  }));
  assert.equal(refreshed.AuthenticationResult.RefreshToken, undefined);
  const again = claimsOf(refreshed.AuthenticationResult.IdToken);
  assert.equal(again.origin_jti, first.origin_jti);
  assert.equal(again.auth_time, first.auth_time);
  assert.notEqual(again.jti, first.jti);
  await assertValidIdToken(refreshed.AuthenticationResult.IdToken, { username, email: user.email });

  const viaNewApi = await client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: tokens.RefreshToken }));
  await assertValidAccessToken(viaNewApi.AuthenticationResult.AccessToken, { username });
});

test('RevokeToken revokes the refresh token and the access tokens issued from it', async () => {
  const { tokens } = await signIn();
  await client.send(new RevokeTokenCommand({ ClientId: clientId, Token: tokens.RefreshToken }));
  await assert.rejects(
    client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: tokens.RefreshToken })),
    (error) => error instanceof NotAuthorizedException && error.message === 'Refresh Token has been revoked',
  );
  await assert.rejects(
    client.send(new GetUserCommand({ AccessToken: tokens.AccessToken })),
    (error) => error instanceof NotAuthorizedException && error.message === 'Access Token has been revoked',
  );
});

test('GlobalSignOut revokes every token of the user', async () => {
  const { tokens } = await signIn();
  await client.send(new GlobalSignOutCommand({ AccessToken: tokens.AccessToken }));
  await assert.rejects(
    client.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken } })),
    (error) => error instanceof NotAuthorizedException && error.message === 'Refresh Token has been revoked',
  );
});
