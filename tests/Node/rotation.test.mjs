// Refresh token rotation, as Cognito runs it on a rotating app client, through the AWS SDK for JavaScript v3 and our
// browser module: a stack of its own with rotation on and no grace period (LocalStack__RefreshTokenRotation,
// __RefreshTokenRetryGraceSeconds=0). GetTokensFromRefreshToken hands out a new refresh token, the replaced one is
// refused as reused, REFRESH_TOKEN_AUTH is not allowed; the module's two refreshes with one token share one call;
// Amplify v6 keeps refreshing (it uses GetTokensFromRefreshToken and keeps the new token), amazon-cognito-identity-js
// cannot (it knows only REFRESH_TOKEN_AUTH), as docs/deploy.md says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CognitoIdentityProviderClient, GetTokensFromRefreshTokenCommand, InitiateAuthCommand, InvalidParameterException,
  RefreshTokenReuseException,
} from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { signIn as amplifySignIn, confirmSignIn, fetchAuthSession } from 'aws-amplify/auth';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import { signIn, refresh, SignInError } from '../../clients/js/sfsso.mjs';
import { cannotStart, ownStack, validateAt } from './own-stack.mjs';

const clientId = 'sfssolocal';
const userPoolId = 'us-east-1_SfSsoLocal';
const sessionId = '00D5j00000SfSso!demo.session.alice';
const skip = cannotStart;
const stack = ownStack(Number(process.env.SFSSO_ROTATION_PORT_BASE ?? 28080),
  { LocalStack__RefreshTokenRotation: 'true', LocalStack__RefreshTokenRetryGraceSeconds: '0' });

const where = () => ({ validatorUrl: stack.validatorUrl, cognitoUrl: stack.cognitoUrl, userPoolId, clientId });

test('the AWS SDK v3 rotates refresh tokens: a new one each time, the replaced one refused as reused, REFRESH_TOKEN_AUTH not allowed', { skip }, async () => {
  const client = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: stack.cognitoUrl });
  const { tokens } = await signIn({ ...where(), sessionId });

  const rotated = await client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: tokens.refreshToken }));
  assert.ok(rotated.AuthenticationResult.IdToken);
  assert.ok(rotated.AuthenticationResult.RefreshToken);
  assert.notEqual(rotated.AuthenticationResult.RefreshToken, tokens.refreshToken);
  const next = await client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: rotated.AuthenticationResult.RefreshToken }));
  assert.ok(next.AuthenticationResult.AccessToken);

  await assert.rejects(client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: tokens.refreshToken })),
    (error) => error instanceof RefreshTokenReuseException);
  await assert.rejects(client.send(new InitiateAuthCommand({
    AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: next.AuthenticationResult.RefreshToken },
  })), (error) => error instanceof InvalidParameterException && error.message === 'Auth flow not enabled for this client');
});

test('the browser module refreshes on a rotating client and two refreshes with one token share one call', { skip }, async () => {
  const { tokens } = await signIn({ ...where(), sessionId });

  const [first, second] = await Promise.all([refresh({ ...where(), refreshToken: tokens.refreshToken }), refresh({ ...where(), refreshToken: tokens.refreshToken })]);
  assert.equal(first.refreshToken, second.refreshToken, 'one call: two would rotate twice and the second be refused');
  assert.notEqual(first.refreshToken, tokens.refreshToken);
  assert.ok((await refresh({ ...where(), refreshToken: first.refreshToken })).idToken);
  await assert.rejects(refresh({ ...where(), refreshToken: tokens.refreshToken }),
    (error) => error instanceof SignInError && error.code === 'RefreshTokenReuseException' && !error.retryable);
});

test('Amplify v6 keeps refreshing on a rotating client: each refresh uses the refresh token the last one handed out', { skip }, async () => {
  const session = '00D5j00000SfSso!demo.session.bob';
  Amplify.configure({ Auth: { Cognito: { userPoolId, userPoolClientId: clientId, userPoolEndpoint: stack.cognitoUrl } } });
  const { username, ticket } = await validateAt(stack.validatorUrl, session);
  await amplifySignIn({ username, options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } });
  const done = await confirmSignIn({ challengeResponse: session, options: { clientMetadata: { ticket } } });
  assert.equal(done.isSignedIn, true);

  // With no grace period, a second refresh with the first refresh token would be refused as a reuse.
  const first = await fetchAuthSession({ forceRefresh: true });
  const second = await fetchAuthSession({ forceRefresh: true });
  assert.ok(first.tokens?.idToken && second.tokens?.idToken);
  assert.notEqual(second.tokens.idToken.payload.jti, first.tokens.idToken.payload.jti);
});

test('amazon-cognito-identity-js cannot refresh on a rotating client (REFRESH_TOKEN_AUTH is not allowed)', { skip }, async () => {
  const session = '00D5j00000SfSso!demo.session.alice';
  const pool = new CognitoUserPool({ UserPoolId: userPoolId, ClientId: clientId, endpoint: stack.cognitoUrl });
  const { username } = await validateAt(stack.validatorUrl, session);
  const user = new CognitoUser({ Username: username, Pool: pool });
  user.setAuthenticationFlowType('CUSTOM_AUTH');
  const signedIn = await new Promise((resolve, reject) => {
    user.initiateAuth(new AuthenticationDetails({ Username: username }), {
      onSuccess: resolve,
      onFailure: reject,
      customChallenge() { user.sendCustomChallengeAnswer(session, this); },
    });
  });

  await assert.rejects(new Promise((resolve, reject) => user.refreshSession(signedIn.getRefreshToken(), (error, result) => (error ? reject(error) : resolve(result)))),
    (error) => error.code === 'InvalidParameterException' && error.message === 'Auth flow not enabled for this client');
});
