// clients/js/sfsso.mjs outside a browser (Node's fetch): the same module the page uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, signInWithAccessToken, signInWithCanvas, refresh, signOut, SignInError, decodeJwt, cognitoEndpointFor } from '../../clients/js/sfsso.mjs';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import { validatorUrl, cognitoUrl, salesforceUrl, canvasConsumerSecret, userPoolId, clientId, users, assertValidIdToken } from './stack.mjs';

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

test('the caller\'s abort is the caller\'s (its own reason, never "unreachable"); a refresh without a token is a usage error', async () => {
  await assert.rejects(signIn({ ...settings, sessionId: users.bob.session, signal: AbortSignal.abort('gave up') }), (reason) => reason === 'gave up');
  await assert.rejects(refresh({ ...settings, signal: AbortSignal.abort() }), (error) => error instanceof SignInError && error.code === 'invalid_request');
  await assert.rejects(signOut({ ...settings }), (error) => error instanceof SignInError && error.code === 'invalid_request');
});

test('a refresh Cognito never answers ends, retryable, and the next refresh with the token makes a new call', async () => {
  const connections = [];
  let requests = 0;
  const silent = createServer((socket) => { // reads, never answers
    connections.push(socket);
    socket.on('data', (chunk) => { requests += (chunk.toString().match(/^POST /gm) ?? []).length; });
  });
  await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const where = { cognitoUrl: `http://127.0.0.1:${silent.address().port}`, clientId, refreshToken: 'a-refresh-token', timeoutMs: 200 };
  try {
    for (let attempt = 1; attempt <= 2; attempt++) {
      await assert.rejects(refresh(where), (error) => error instanceof SignInError && error.code === 'cognito_unreachable' && error.retryable);
    }
    assert.equal(requests, 2, 'the second refresh joined the first, stuck call');
  } finally {
    connections.forEach((socket) => socket.destroy());
    silent.close();
  }
});

test('signInWithAccessToken signs in with a JWT-based access token from the org', async () => {
  const login = await fetch(`${salesforceUrl}/login.jsp`, { method: 'POST', body: new URLSearchParams({ un: users.bob.email }) });
  const { accessToken } = await login.json();
  const { username, tokens } = await signInWithAccessToken({ ...settings, accessToken });
  await assertValidIdToken(tokens.idToken, { username, email: users.bob.email });
});

test("the public endpoint comes from the pool's region", () => {
  assert.equal(cognitoEndpointFor('eu-west-1_AbC123'), 'https://cognito-idp.eu-west-1.amazonaws.com/');
});

// Review round three, finding 4: the pool ID goes into a host name; http and redirects could carry the session away.
test('a pool ID that is not one, plain http off this machine and a loopback Cognito with a remote validator are refused before any call', async () => {
  const refusedBeforeAnyCall = (error) => error instanceof SignInError && error.code === 'invalid_request';
  assert.throws(() => cognitoEndpointFor('evil.example/x#_a'), refusedBeforeAnyCall);
  await assert.rejects(signIn({ ...settings, cognitoUrl: undefined, userPoolId: 'attacker.example/_x', sessionId: users.bob.session }), refusedBeforeAnyCall);
  await assert.rejects(signIn({ ...settings, validatorUrl: 'http://sso.example.com', sessionId: users.bob.session }), refusedBeforeAnyCall);
  await assert.rejects(signIn({ ...settings, validatorUrl: 'https://sso.example.com', sessionId: users.bob.session }), refusedBeforeAnyCall);
});

test('a redirect is never followed with the session', async () => {
  const { createServer } = await import('node:http');
  let followed = false;
  const server = createServer((request, response) => {
    if (request.url === '/elsewhere') followed = true;
    response.writeHead(307, { location: '/elsewhere' }).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const redirecting = `http://127.0.0.1:${server.address().port}`;
    await assert.rejects(signIn({ ...settings, validatorUrl: redirecting, sessionId: users.bob.session }), (error) =>
      error.code === 'validator_unreachable');
    assert.equal(followed, false);
  } finally {
    server.close();
  }
});

// A Canvas signed request as Salesforce signs it: base64(HMAC-SHA256(consumer secret, encoded envelope)).encoded envelope.
function signCanvasRequest(session, userId, secret) {
  const envelope = Buffer.from(JSON.stringify({
    algorithm: 'HMACSHA256', issuedAt: 1764000000, userId,
    client: { oauthToken: session, instanceUrl: salesforceUrl, targetOrigin: salesforceUrl },
    context: { user: { userId }, organization: { organizationId: '00D5j00000SfSso' } },
  })).toString('base64');
  return `${createHmac('sha256', secret).update(envelope).digest('base64')}.${envelope}`;
}

test('signInWithCanvas signs in with a signed request; a tampered one is canvas_signature_invalid', { skip: !canvasConsumerSecret && 'the stack was started without LocalStack__CanvasConsumerSecret' }, async () => {
  const signedRequest = signCanvasRequest(users.alice.session, '0055j00000Alice', canvasConsumerSecret);
  const { username, tokens } = await signInWithCanvas({ ...settings, signedRequest });
  await assertValidIdToken(tokens.idToken, { username, email: users.alice.email });
  const forged = signCanvasRequest(users.alice.session, '0055j00000Alice', 'not-the-consumer-secret-of-this-app');
  await assert.rejects(signInWithCanvas({ ...settings, signedRequest: forged }), (error) =>
    error.code === 'canvas_signature_invalid' && error.status === 401 && !error.message.includes(forged));
});
