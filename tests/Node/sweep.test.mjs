// The single sign-out sweep through a client library nobody here wrote (AWS SDK for JavaScript v3), on a stack of its
// own: a deactivation Salesforce never published and a frozen user (no event says so) keep working refresh tokens
// until a sweep; a GAP_OVERFLOW (it names no users) makes the validator sweep at once, and every one of them — the
// overflow's own user too — is refused as revoked. A validator away from Pub/Sub longer than Salesforce's retention
// sweeps what it missed as soon as it is back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CognitoIdentityProviderClient, InitiateAuthCommand, RespondToAuthChallengeCommand, NotAuthorizedException } from '@aws-sdk/client-cognito-identity-provider';
import { ownStack, cannotStart, validateAt } from './own-stack.mjs';

const base = Number(process.env.SFSSO_SWEEP_PORT_BASE ?? 32080);
const people = [
  { name: 'unpublished', userId: '0055j00000Swp01' },
  { name: 'frozen', userId: '0055j00000Swp02' },
  { name: 'overflow', userId: '0055j00000Swp03' },
  { name: 'away', userId: '0055j00000Swp04' },
].map((person) => ({ ...person, session: `00D5j00000SfSso!sweep.session.of.${person.name}`, email: `${person.name}@example.com` }));
const stack = ownStack(base, Object.fromEntries([...people.flatMap((person, index) => [
  [`LocalStack__Users__${index}__SessionId`, person.session],
  [`LocalStack__Users__${index}__UserId`, person.userId],
  [`LocalStack__Users__${index}__Email`, person.email],
]),
  // Timed sweeps an hour apart: whatever is swept within a test was swept for a reason (an overflow, a position lost).
  ['SignOut__SweepMinutes', '60'],
  ['SignOut__MaxBackoffSeconds', '1'],
]));
const admin = '00D5j00000SfSso!demo.session.bob';

async function signIn(client, person) {
  const { username } = await validateAt(stack.validatorUrl, person.session);
  const started = await client.send(new InitiateAuthCommand({ AuthFlow: 'CUSTOM_AUTH', ClientId: 'sfssolocal', AuthParameters: { USERNAME: username } }));
  const done = await client.send(new RespondToAuthChallengeCommand({
    ClientId: 'sfssolocal', ChallengeName: 'CUSTOM_CHALLENGE', Session: started.Session,
    ChallengeResponses: { USERNAME: started.ChallengeParameters.USERNAME, ANSWER: person.session },
  }));
  return done.AuthenticationResult.RefreshToken;
}

const refresh = (client, refreshToken) => client.send(new InitiateAuthCommand({
  AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: 'sfssolocal', AuthParameters: { REFRESH_TOKEN: refreshToken },
}));

/** The refresh refused, waited for: the sweep travels Salesforce → validator → Cognito. */
async function refusedRefresh(client, refreshToken) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await refresh(client, refreshToken);
    } catch (error) {
      return error;
    }
    assert.ok(Date.now() < deadline, 'the refresh token still works 15 s after the overflow');
    await new Promise((resolve) => { setTimeout(resolve, 50); });
  }
}

async function salesforce(path, method, body) {
  const response = await fetch(`${stack.salesforceUrl}${path}`, {
    method, headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: body && JSON.stringify(body),
  });
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${await response.clone().text()}`);
  return response.status === 204 ? null : response.json();
}

test('what no event brought is swept: a deactivation never published, a frozen user, and a GAP_OVERFLOW\'s user', { skip: cannotStart }, async () => {
  const client = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: stack.cognitoUrl, credentials: { accessKeyId: 'public', secretAccessKey: 'client' } });
  const tokens = {};
  for (const person of people.slice(0, 3)) tokens[person.name] = await signIn(client, person);

  // A deactivation whose change event Salesforce never publishes.
  await salesforce('/sfsso/events/suppress', 'POST', { topic: '/data/UserChangeEvent', count: 1 });
  await salesforce(`/services/data/v62.0/sobjects/User/${people[0].userId}`, 'PATCH', { IsActive: false });
  // A freeze: the User record does not change, so no event follows.
  const login = await salesforce(`/services/data/v62.0/query?q=${encodeURIComponent(`SELECT Id FROM UserLogin WHERE UserId = '${people[1].userId}'`)}`, 'GET');
  await salesforce(`/services/data/v62.0/sobjects/UserLogin/${login.records[0].Id}`, 'PATCH', { IsFrozen: true });
  // Until a sweep, both still refresh.
  await refresh(client, tokens.unpublished);
  await refresh(client, tokens.frozen);

  // A deactivation published as GAP_OVERFLOW, which names no one: the validator sweeps now.
  await salesforce(`/services/data/v62.0/sobjects/User/${people[2].userId}?sfsso_gap=overflow`, 'PATCH', { IsActive: false });

  for (const person of people.slice(0, 3)) {
    const error = await refusedRefresh(client, tokens[person.name]);
    assert.ok(error instanceof NotAuthorizedException, `${person.name}: ${error}`);
    assert.equal(error.message, 'Refresh Token has been revoked', person.name);
  }
});

test('a subscriber away longer than Salesforce keeps events sweeps what it missed as soon as it is back, and says logouts may have been missed', { skip: cannotStart }, async () => {
  const client = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: stack.cognitoUrl, credentials: { accessKeyId: 'public', secretAccessKey: 'client' } });
  const away = people[3];
  const refreshToken = await signIn(client, away);

  // The validator cannot reach Pub/Sub (to it, as if it were stopped); meanwhile an admin deactivates the user.
  await salesforce('/sfsso/events/outage', 'POST', { down: true });
  await salesforce(`/services/data/v62.0/sobjects/User/${away.userId}`, 'PATCH', { IsActive: false });
  await refresh(client, refreshToken); // nobody has read the change

  // Back 73 hours later: every stored position, and the change itself, is past the 72 hours' retention. The subscriber
  // is refused its position and sweeps from its mark at once (the next timed sweep is an hour away on this stack).
  await salesforce('/sfsso/events/outage', 'POST', { down: false, lastedHours: 73 });
  const error = await refusedRefresh(client, refreshToken);
  assert.ok(error instanceof NotAuthorizedException, `${error}`);
  assert.equal(error.message, 'Refresh Token has been revoked');

  // The logout stream names its lost stretch once it answers again (its next event or keepalive, 5 s on the stack).
  const deadline = Date.now() + 15_000;
  let health;
  do {
    health = await (await fetch(`${stack.validatorUrl}/healthz`)).text();
    if (/may have been missed/.test(health)) break;
    await new Promise((resolve) => { setTimeout(resolve, 100); });
  } while (Date.now() < deadline);
  assert.match(health, /logouts from .* may have been missed/);
});
