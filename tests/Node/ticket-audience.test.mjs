// A ticket is for one pool: two local stacks of this test's own sign with the same validator key (as two
// deployments sharing a key would) but serve different user pools. A ticket pool A's validator made for a session is
// refused by pool B's verify trigger, through the AWS SDK v3, even though it names the same user; B's own ticket for
// B's session signs in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  NotAuthorizedException,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { cannotStart, startStack, validateAt } from './own-stack.mjs';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const user = { LocalStack__Users__0__UserId: '0055j00000Olga1', LocalStack__Users__0__Email: 'olga@example.com', Ticket__SigningKey: privateKey };
const sessionA = '00D5j00000SfSso!node.session.of.olga.in.a';
const sessionB = '00D5j00000SfSso!node.session.of.olga.in.b';
let a;
let b;

before(async () => {
  if (cannotStart) return;
  [a, b] = await Promise.all([
    startStack(Number(process.env.SFSSO_POOL_A_PORT_BASE ?? 26080), { ...user, LocalStack__Users__0__SessionId: sessionA, LocalStack__UserPoolId: 'us-east-1_SfSsoPoolA' }),
    startStack(Number(process.env.SFSSO_POOL_B_PORT_BASE ?? 27080), { ...user, LocalStack__Users__0__SessionId: sessionB, LocalStack__UserPoolId: 'us-east-1_SfSsoPoolB' }),
  ]);
});

after(() => { a?.stop(); b?.stop(); });

async function answerAt(cognitoUrl, username, session, ticket) {
  const client = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: cognitoUrl });
  const started = await client.send(new InitiateAuthCommand({ AuthFlow: 'CUSTOM_AUTH', ClientId: 'sfssolocal', AuthParameters: { USERNAME: username } }));
  try {
    const done = await client.send(new RespondToAuthChallengeCommand({
      ClientId: 'sfssolocal', ChallengeName: 'CUSTOM_CHALLENGE', Session: started.Session,
      ChallengeResponses: { USERNAME: started.ChallengeParameters.USERNAME, ANSWER: session }, ClientMetadata: { ticket },
    }));
    return done.AuthenticationResult;
  } catch (error) {
    assert.ok(error instanceof NotAuthorizedException, String(error));
    return undefined;
  }
}

test('a ticket made for another pool signs no one in, though the same key signed it for the same user', { skip: cannotStart }, async () => {
  const forA = await validateAt(a.validatorUrl, sessionA);
  const forB = await validateAt(b.validatorUrl, sessionB); // the user exists in B too
  assert.equal(forA.username, forB.username, 'the same Salesforce user has the same username in both pools');

  // B's Salesforce does not know A's session: only A's ticket could make the answer right, and it must not.
  assert.equal(await answerAt(b.cognitoUrl, forA.username, sessionA, forA.ticket), undefined, "pool A's ticket signed the user into pool B");
  assert.ok(await answerAt(b.cognitoUrl, forB.username, sessionB, forB.ticket), "pool B's own ticket and session sign in");
});
