// amazon-cognito-identity-js: CognitoUserPool with an endpoint, initiateAuth + sendCustomChallengeAnswer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import {
  clientId, cognitoUrl, userPoolId, users, wrongSession, validate, assertValidIdToken, claimsOf, cognito, recordCognitoCalls,
} from './stack.mjs';

// identity-js posts to the endpoint verbatim, path included.
const pool = new CognitoUserPool({ UserPoolId: userPoolId, ClientId: clientId, endpoint: `${cognitoUrl}/idjs` });
const user = users.bob;

/** Runs the custom flow, answering each challenge from the list; resolves with the session or rejects. */
function signIn(username, answers) {
  const cognitoUser = new CognitoUser({ Username: username, Pool: pool });
  cognitoUser.setAuthenticationFlowType('CUSTOM_AUTH');
  const challenges = [];
  return new Promise((resolve, reject) => {
    cognitoUser.initiateAuth(new AuthenticationDetails({ Username: username }), {
      onSuccess: (session) => resolve({ cognitoUser, session, challenges }),
      onFailure: (error) => reject(Object.assign(error, { challenges })),
      customChallenge(parameters) {
        challenges.push(parameters);
        cognitoUser.sendCustomChallengeAnswer(answers[challenges.length - 1], this);
      },
    });
  });
}

const call = (fn) => new Promise((resolve, reject) => fn((error, result) => (error ? reject(error) : resolve(result))));

test('a demo user signs in and the ID token verifies', async () => {
  const { username } = await validate(user.session);
  const { cognitoUser, session, challenges } = await signIn(username, [user.session]);
  assert.equal(challenges.length, 1);
  assert.equal(challenges[0].challenge, 'SALESFORCE_SESSION');
  assert.ok(session.isValid());
  await assertValidIdToken(session.getIdToken().getJwtToken(), { username, email: user.email });

  const attributes = await call((done) => cognitoUser.getUserAttributes(done));
  assert.equal(attributes.find((a) => a.getName() === 'email').getValue(), user.email);
});

test('wrong answers up to the cap end in NotAuthorizedException', async () => {
  const { username } = await validate(user.session);
  await assert.rejects(signIn(username, [wrongSession, wrongSession, wrongSession]), (error) => {
    assert.equal(error.code, 'NotAuthorizedException');
    assert.equal(error.message, 'Incorrect username or password.');
    assert.equal(error.challenges.length, 3);
    return true;
  });
});

test("a used Session is refused when the library's own answer is replayed", async () => {
  const { username } = await validate(user.session);
  const recorder = recordCognitoCalls();
  try {
    await signIn(username, [user.session]);
  } finally {
    recorder.restore();
  }
  const answered = recorder.calls.find((c) => c.target === 'RespondToAuthChallenge');
  assert.equal(answered.status, 200);
  assert.equal(new URL(answered.url).pathname, '/idjs');
  const replay = await cognito('RespondToAuthChallenge', answered.request);
  assert.equal(replay.status, 400);
  assert.deepEqual(replay.body, { __type: 'NotAuthorizedException', message: 'Invalid session for the user.' });
});

test('refreshSession returns new tokens from the same origin', async () => {
  const { username } = await validate(user.session);
  const { cognitoUser, session } = await signIn(username, [user.session]);
  const refreshed = await call((done) => cognitoUser.refreshSession(session.getRefreshToken(), done));
  const before = claimsOf(session.getIdToken().getJwtToken());
  const after = claimsOf(refreshed.getIdToken().getJwtToken());
  assert.equal(after.origin_jti, before.origin_jti);
  assert.notEqual(after.jti, before.jti);
  await assertValidIdToken(refreshed.getIdToken().getJwtToken(), { username, email: user.email });
});

test('signOut revokes the refresh token (the access token has origin_jti)', async () => {
  const { username } = await validate(user.session);
  const { cognitoUser, session } = await signIn(username, [user.session]);
  const refreshToken = session.getRefreshToken().getToken();
  await call((done) => cognitoUser.signOut((error) => done(error)));
  const refused = await cognito('GetTokensFromRefreshToken', { ClientId: clientId, RefreshToken: refreshToken });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.message, 'Refresh Token has been revoked');
});

test('globalSignOut revokes the access token', async () => {
  const { username } = await validate(user.session);
  const { cognitoUser, session } = await signIn(username, [user.session]);
  await new Promise((resolve, reject) => cognitoUser.globalSignOut({ onSuccess: resolve, onFailure: reject }));
  const refused = await cognito('GetUser', { AccessToken: session.getAccessToken().getJwtToken() });
  assert.equal(refused.body.__type, 'NotAuthorizedException');
  assert.equal(refused.body.message, 'Access Token has been revoked');
});
