// Amplify v6: userPoolEndpoint, signIn with CUSTOM_WITHOUT_SRP + confirmSignIn, fetchAuthSession refresh, signOut.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Amplify } from 'aws-amplify';
import { signIn, confirmSignIn, fetchAuthSession, fetchUserAttributes, getCurrentUser, signOut } from 'aws-amplify/auth';
import {
  clientId, cognitoUrl, userPoolId, users, wrongSession, validate, assertValidIdToken, claimsOf, cognito, recordCognitoCalls,
} from './stack.mjs';

const user = users.configured;
let recorder;

before(() => {
  Amplify.configure({ Auth: { Cognito: { userPoolId, userPoolClientId: clientId, userPoolEndpoint: `${cognitoUrl}/amplify` } } });
  recorder = recordCognitoCalls();
});
after(() => recorder.restore());

async function startSignIn() {
  const { username } = await validate(user.session);
  const started = await signIn({ username, options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } });
  assert.equal(started.isSignedIn, false);
  assert.equal(started.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
  assert.equal(started.nextStep.additionalInfo.challenge, 'SALESFORCE_SESSION');
  return username;
}

test('a configured user signs in, refreshes and signs out', async () => {
  const username = await startSignIn();
  const done = await confirmSignIn({ challengeResponse: user.session });
  assert.equal(done.isSignedIn, true);
  assert.equal(done.nextStep.signInStep, 'DONE');

  const current = await getCurrentUser();
  assert.equal(current.username, username);
  const session = await fetchAuthSession();
  await assertValidIdToken(session.tokens.idToken.toString(), { username, email: user.email });
  const attributes = await fetchUserAttributes();
  assert.equal(attributes.email, user.email);

  const refreshed = await fetchAuthSession({ forceRefresh: true });
  const before = claimsOf(session.tokens.idToken.toString());
  const after = claimsOf(refreshed.tokens.idToken.toString());
  assert.notEqual(after.jti, before.jti);
  assert.equal(after.origin_jti, before.origin_jti);
  assert.ok(recorder.calls.some((c) => c.target === 'GetTokensFromRefreshToken' && c.status === 200), 'Amplify ≥ 6.15.4 refreshes with GetTokensFromRefreshToken');

  // Amplify's own answer, replayed: its Session was used.
  const answered = recorder.calls.findLast((c) => c.target === 'RespondToAuthChallenge');
  assert.equal(new URL(answered.url).pathname, '/amplify');
  const replay = await cognito('RespondToAuthChallenge', answered.request);
  assert.deepEqual(replay.body, { __type: 'NotAuthorizedException', message: 'Invalid session for the user.' });

  const refreshToken = answered.response.AuthenticationResult.RefreshToken;
  await signOut();
  assert.ok(recorder.calls.some((c) => c.target === 'RevokeToken' && c.status === 200), 'signOut calls RevokeToken');
  const refused = await cognito('GetTokensFromRefreshToken', { ClientId: clientId, RefreshToken: refreshToken });
  assert.equal(refused.body.message, 'Refresh Token has been revoked');
});

test('wrong answers up to the cap end in NotAuthorizedException', async () => {
  await startSignIn();
  for (let attempt = 2; attempt <= 3; attempt++) {
    const next = await confirmSignIn({ challengeResponse: wrongSession });
    assert.equal(next.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
    assert.equal(next.nextStep.additionalInfo.attempt, String(attempt));
  }
  await assert.rejects(confirmSignIn({ challengeResponse: wrongSession }), (error) => {
    assert.equal(error.name, 'NotAuthorizedException');
    assert.equal(error.message, 'Incorrect username or password.');
    return true;
  });
});

test('signOut({ global: true }) revokes the access token', async () => {
  await startSignIn();
  await confirmSignIn({ challengeResponse: user.session });
  const { tokens } = await fetchAuthSession();
  await signOut({ global: true });
  assert.ok(recorder.calls.some((c) => c.target === 'GlobalSignOut' && c.status === 200));
  const refused = await cognito('GetUser', { AccessToken: tokens.accessToken.toString() });
  assert.equal(refused.body.message, 'Access Token has been revoked');
});
