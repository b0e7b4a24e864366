// The AWS SDK for JavaScript v3 against the pool's confidential app client (the exchange's): Cognito's SECRET_HASH on
// every call, refused when missing or wrong, as on AWS. The secret is the one CI starts the stack with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  CognitoIdentityProviderClient, InitiateAuthCommand, RespondToAuthChallengeCommand, NotAuthorizedException,
} from '@aws-sdk/client-cognito-identity-provider';
import { cognitoUrl, region, users, validate } from './stack.mjs';

const clientId = 'sfssolocalexchange';
const secret = process.env.SFSSO_CONFIDENTIAL_CLIENT_SECRET;
const client = new CognitoIdentityProviderClient({ region, endpoint: cognitoUrl });
const secretHash = (username, key = secret) => createHmac('sha256', key).update(username + clientId).digest('base64');

test('the confidential client signs in with SECRET_HASH and refuses a call without one or with a wrong one',
  { skip: secret ? false : 'SFSSO_CONFIDENTIAL_CLIENT_SECRET is set by .ci/run for the stack it starts' }, async () => {
    const { username } = await validate(users.alice.session);
    await assert.rejects(client.send(new InitiateAuthCommand({
      AuthFlow: 'CUSTOM_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username },
    })), (error) => error instanceof NotAuthorizedException && /configured for secret/.test(error.message));
    await assert.rejects(client.send(new InitiateAuthCommand({
      AuthFlow: 'CUSTOM_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, SECRET_HASH: secretHash(username, 'wrong') },
    })), (error) => error instanceof NotAuthorizedException && /Unable to verify secret hash/.test(error.message));

    const started = await client.send(new InitiateAuthCommand({
      AuthFlow: 'CUSTOM_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, SECRET_HASH: secretHash(username) },
    }));
    const challenged = started.ChallengeParameters.USERNAME;
    const done = await client.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: started.Session,
      ChallengeResponses: { USERNAME: challenged, ANSWER: users.alice.session, SECRET_HASH: secretHash(challenged) },
    }));
    assert.ok(done.AuthenticationResult.IdToken);
  });
