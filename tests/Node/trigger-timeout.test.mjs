// What a client sees when Cognito gives up on a trigger (5 s), through the AWS SDK for JavaScript v3 and our browser
// module: a stack of its own whose triggers each start 5.1 s late (LocalStack__TriggerDelayMs, as a cold start or a
// slow network would make them). The sign-in ends with UnexpectedLambdaException, a 400 the SDK does not retry; our
// module reports it as retryable (Cognito's side failed, not the user's session).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CognitoIdentityProviderClient, InitiateAuthCommand, UnexpectedLambdaException } from '@aws-sdk/client-cognito-identity-provider';
import { signIn, SignInError } from '../../clients/js/sfsso.mjs';
import { cannotStart, ownStack, validateAt } from './own-stack.mjs';

const clientId = 'sfssolocal';
const userPoolId = 'us-east-1_SfSsoLocal';
const sessionId = '00D5j00000SfSso!demo.session.bob';
const skip = cannotStart;
const stack = ownStack(Number(process.env.SFSSO_TRIGGER_TIMEOUT_PORT_BASE ?? 29080), { LocalStack__TriggerDelayMs: '5100' });

test('a trigger Cognito gave up on is UnexpectedLambdaException to the AWS SDK v3, and retryable in our module', { skip }, async () => {
  const { username } = await validateAt(stack.validatorUrl, sessionId);
  const client = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: stack.cognitoUrl, maxAttempts: 1 });

  await assert.rejects(client.send(new InitiateAuthCommand({ AuthFlow: 'CUSTOM_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username } })),
    (error) => error instanceof UnexpectedLambdaException && error.$metadata.httpStatusCode === 400
      && /DefineAuthChallenge invocation failed/.test(error.message));
  await assert.rejects(signIn({ validatorUrl: stack.validatorUrl, cognitoUrl: stack.cognitoUrl, userPoolId, clientId, sessionId }),
    (error) => error instanceof SignInError && error.code === 'UnexpectedLambdaException' && error.retryable === true);
});
