// Shared by the end-to-end tests: where the local stack is, its demo users, and the checks every client's tokens pass.
import assert from 'node:assert/strict';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { CognitoJwtVerifier } from 'aws-jwt-verify';

export const validatorUrl = process.env.SFSSO_VALIDATOR_URL ?? 'http://127.0.0.1:5080';
export const cognitoUrl = process.env.SFSSO_COGNITO_URL ?? 'http://127.0.0.1:9230';
export const salesforceUrl = process.env.SFSSO_SALESFORCE_URL ?? 'http://127.0.0.1:9231';
/** The demo org's canvas app consumer secret, when the stack was given one (LocalStack__CanvasConsumerSecret). */
export const canvasConsumerSecret = process.env.SFSSO_CANVAS_CONSUMER_SECRET;
export const userPoolId = process.env.SFSSO_USER_POOL_ID ?? 'us-east-1_SfSsoLocal';
export const clientId = process.env.SFSSO_CLIENT_ID ?? 'sfssolocal';
export const region = userPoolId.split('_')[0];
export const issuer = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
export const jwksUrl = `${cognitoUrl}/${userPoolId}/.well-known/jwks.json`;

/** The stack's built-in demo users, and one configured through LocalStack__Users__0__… (set by .ci/run). */
export const users = {
  alice: { session: '00D5j00000SfSso!demo.session.alice', email: 'alice@example.com' },
  bob: { session: '00D5j00000SfSso!demo.session.bob', email: 'bob@example.com' },
  configured: {
    session: process.env.SFSSO_CONFIGURED_SESSION ?? '00D5j00000SfSso!demo.session.alice',
    email: process.env.SFSSO_CONFIGURED_EMAIL ?? 'alice@example.com',
  },
};

/** A session of the demo org that Salesforce (the stand-in) does not know: the shape passes, the answer is wrong. */
export const wrongSession = '00D5j00000SfSso!not.a.session.salesforce.knows';

/** Step 1 of every sign-in: the validator proves the session and returns the Cognito username. */
export async function validate(session) {
  const response = await fetch(`${validatorUrl}/v1/sessions/validate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sessionId: session }),
  });
  const body = await response.json();
  assert.equal(response.status, 200, `validator answered ${response.status}: ${JSON.stringify(body)}`);
  assert.match(body.username, /^sf_00D\w{15}_005\w{15}$/);
  return body;
}

export function claimsOf(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

const remoteJwks = createRemoteJWKSet(new URL(jwksUrl));

/** The ID token passes jose (signature against the emulator's JWKS, issuer, audience) and aws-jwt-verify (which
 * also insists on Cognito's issuer format and token_use), and names the user the validator returned. */
export async function assertValidIdToken(idToken, expected) {
  const { payload, protectedHeader } = await jwtVerify(idToken, remoteJwks, { issuer, audience: clientId });
  assert.equal(protectedHeader.alg, 'RS256');
  assert.ok(protectedHeader.kid, 'kid in the header');
  assert.equal(payload.token_use, 'id');
  assert.equal(payload['cognito:username'], expected.username);
  assert.equal(payload.email, expected.email);
  assert.equal(typeof payload['custom:sf_user_id'], 'string');
  // Added by our pre token generation trigger, from the user's attributes.
  assert.equal(payload.sf_user_id, payload['custom:sf_user_id']);
  assert.equal(payload.sf_org_id, payload['custom:sf_org_id']);
  assert.ok(payload.origin_jti && payload.jti && payload.auth_time && payload.iat && payload.exp);

  const verifier = CognitoJwtVerifier.create({ userPoolId, tokenUse: 'id', clientId });
  verifier.cacheJwks(await (await fetch(jwksUrl)).json());
  const verified = await verifier.verify(idToken);
  assert.equal(verified.sub, payload.sub);
  return payload;
}

export async function assertValidAccessToken(accessToken, expected) {
  const verifier = CognitoJwtVerifier.create({ userPoolId, tokenUse: 'access', clientId });
  verifier.cacheJwks(await (await fetch(jwksUrl)).json());
  const payload = await verifier.verify(accessToken);
  assert.equal(payload.username, expected.username);
  assert.equal(payload.scope, 'aws.cognito.signin.user.admin');
  assert.equal(payload.aud, undefined, 'an access token has no aud');
  return payload;
}

/** Calls the pool's JSON API directly, as any client would. */
export async function cognito(operation, body) {
  const response = await fetch(cognitoUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** Records what a client library sends to the pool (fetch is what identity-js and Amplify use), so a test can
 * replay the library's own request, e.g. an already used Session. */
export function recordCognitoCalls() {
  const calls = [];
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init = {}) => {
    const url = input instanceof URL ? input.href : typeof input === 'string' ? input : input.url;
    const response = await original(input, init);
    if (url.startsWith(cognitoUrl)) {
      const headers = new Headers(init.headers ?? (typeof input === 'string' ? undefined : input.headers));
      const body = await response.clone().json().catch(() => null);
      calls.push({ target: headers.get('x-amz-target')?.split('.').pop(), url, request: init.body, response: body, status: response.status });
    }
    return response;
  };
  return { calls, restore: () => { globalThis.fetch = original; } };
}
