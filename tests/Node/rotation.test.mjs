// Refresh token rotation, as Cognito runs it on a rotating app client, through the AWS SDK for JavaScript v3 and our
// browser module: a stack of its own with rotation on and no grace period (LocalStack__RefreshTokenRotation,
// __RefreshTokenRetryGraceSeconds=0). GetTokensFromRefreshToken hands out a new refresh token, the replaced one is
// refused as reused, REFRESH_TOKEN_AUTH is not allowed; the module's two refreshes with one token share one call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CognitoIdentityProviderClient, GetTokensFromRefreshTokenCommand, InitiateAuthCommand, InvalidParameterException,
  RefreshTokenReuseException,
} from '@aws-sdk/client-cognito-identity-provider';
import { signIn, refresh, SignInError } from '../../clients/js/sfsso.mjs';
import { cannotStart, ownStack } from './own-stack.mjs';

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
