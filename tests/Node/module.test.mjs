// clients/js/sfsso.mjs outside a browser (Node's fetch): the same module the page uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, refresh, signOut, SignInError, decodeJwt, cognitoEndpointFor } from '../../clients/js/sfsso.mjs';
import { validatorUrl, cognitoUrl, userPoolId, clientId, users, assertValidIdToken } from './stack.mjs';

const settings = { validatorUrl, cognitoUrl, userPoolId, clientId };

test('signIn returns verified tokens, refresh renews them, signOut revokes them', async () => {
  const { username, tokens, claims } = await signIn({ ...settings, sessionId: users.bob.session });
  assert.equal(claims['cognito:username'], username);
  await assertValidIdToken(tokens.idToken, { username, email: users.bob.email });
  const renewed = await refresh({ ...settings, refreshToken: tokens.refreshToken });
  assert.notEqual(decodeJwt(renewed.idToken).jti, claims.jti);
  await signOut({ ...settings, refreshToken: tokens.refreshToken });
  await assert.rejects(refresh({ ...settings, refreshToken: tokens.refreshToken }), (error) =>
    error instanceof SignInError && error.code === 'NotAuthorizedException' && !error.retryable);
});

test('refusals carry the problem code; an unreachable service is retryable; the session is never in the error', async () => {
  const session = '00D000000000001!an.org.that.is.not.trusted';
  await assert.rejects(signIn({ ...settings, sessionId: session }), (error) => {
    assert.equal(error.code, 'org_not_allowed');
    assert.equal(error.status, 403);
    assert.ok(!JSON.stringify({ ...error, message: error.message }).includes('an.org.that.is.not.trusted'));
    return true;
  });
  await assert.rejects(signIn({ ...settings, validatorUrl: 'http://127.0.0.1:9', sessionId: users.bob.session }), (error) =>
    error.code === 'validator_unreachable' && error.retryable === true);
  await assert.rejects(signIn({ ...settings, clientId: 'nope', sessionId: users.bob.session }), (error) =>
    error.code === 'ResourceNotFoundException');
});

test("the public endpoint comes from the pool's region", () => {
  assert.equal(cognitoEndpointFor('eu-west-1_AbC123'), 'https://cognito-idp.eu-west-1.amazonaws.com/');
});
