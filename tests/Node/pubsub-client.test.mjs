// The Salesforce stand-in as a real Pub/Sub client sees it: salesforce-pubsub-api-client 5.5.2, a widely used Node
// client of Salesforce's Pub/Sub API that nobody here wrote, logs in with the events app's client credentials (token,
// then userinfo for the org), connects over TLS as it does to api.pubsub.salesforce.com, subscribes, and decodes what
// the stand-in publishes against the stand-in's own schemas: a logout, and a deactivation whose changed fields name
// IsActive. A stack of this file's own, with a user no other test signs out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import PubSubApiClient from 'salesforce-pubsub-api-client';
import { cannotStart, ownStack } from './own-stack.mjs';

const base = Number(process.env.SFSSO_PUBSUB_CLIENT_PORT_BASE ?? 30080);
const eventsSecret = 'pubsub-client-events-secret-0123456789abcdef';
const kim = { session: '00D5j00000SfSso!pubsub.client.session.of.kim', userId: '0055j00000Kim01', email: 'kim@example.com' };
const stack = ownStack(base, {
  LocalStack__PubSubTlsUrl: `https://127.0.0.1:${base + 4}`,
  LocalStack__EventsClientSecret: eventsSecret,
  LocalStack__Users__0__SessionId: kim.session,
  LocalStack__Users__0__UserId: kim.userId,
  LocalStack__Users__0__Email: kim.email,
});
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** The next event of `topic` for which `matches(payload)` holds, read from the earliest (no race with the publish). */
function nextEvent(client, topic, matches) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${topic} event within 30 s`)), 30_000);
    client.subscribeFromEarliestEvent(topic, (subscription, type, data) => {
      if (type === 'event' && matches(data.payload)) {
        clearTimeout(timer);
        resolve(data);
      } else if (type === 'error') {
        clearTimeout(timer);
        reject(data);
      }
    }, 100);
  });
}

async function connected(config) {
  const client = new PubSubApiClient({ pubSubEndpoint: `127.0.0.1:${base + 4}`, rejectUnauthorizedSsl: false, ...config }, quiet);
  await client.connect();
  return client;
}

const clientCredentials = () => ({ authType: 'oauth-client-credentials', loginUrl: stack.salesforceUrl, clientId: 'sfsso-local-events', clientSecret: eventsSecret });

test('the client logs in with the events app (token, then userinfo) and reads a logout over TLS', { skip: cannotStart }, async () => {
  const client = await connected(clientCredentials());
  try {
    const login = await fetch(`${stack.salesforceUrl}/login.jsp`, { method: 'POST', body: new URLSearchParams({ un: kim.email }) });
    const { sessionId } = await login.json();
    const logout = nextEvent(client, '/event/LogoutEventStream', (payload) => payload.UserId?.startsWith(kim.userId));
    await fetch(`${stack.salesforceUrl}/secur/logout.jsp`, { headers: { cookie: `sid=${sessionId}` } });

    const event = await logout;
    assert.equal(event.payload.UserId.slice(0, 15), kim.userId);
    assert.equal(event.payload.Username, kim.email);
  } finally {
    client.close();
  }
});

test('a deactivation decodes against the stand-in\'s schema with IsActive among the changed fields', { skip: cannotStart }, async () => {
  const client = await connected(clientCredentials());
  try {
    const change = nextEvent(client, '/data/UserChangeEvent', (payload) => payload.ChangeEventHeader?.recordIds?.some((id) => id.startsWith(kim.userId)));
    const deactivated = await fetch(`${stack.salesforceUrl}/services/data/v62.0/sobjects/User/${kim.userId}`, {
      method: 'PATCH', headers: { authorization: `Bearer ${kim.session}`, 'content-type': 'application/json' }, body: JSON.stringify({ IsActive: false }),
    });
    assert.equal(deactivated.status, 204);

    const event = await change;
    assert.equal(event.payload.ChangeEventHeader.changeType, 'UPDATE');
    assert.deepEqual(event.payload.ChangeEventHeader.changedFields, ['IsActive', 'LastModifiedDate', 'LastModifiedById']);
    assert.equal(event.payload.IsActive, false);
  } finally {
    client.close();
  }
});

test('a token the client was handed works with the org\'s https instance URL and the org taken from the token', { skip: cannotStart }, async () => {
  const answer = await fetch(`${stack.salesforceUrl}/services/oauth2/token`, {
    method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'sfsso-local-events', client_secret: eventsSecret }),
  });
  const { access_token: accessToken } = await answer.json();
  assert.match(accessToken, /^00D5j00000SfSso!/, 'an opaque token names its org, as an org\'s do');
  // The client insists on https (an org's instance URL always is), and reads the org ID from the token's prefix.
  const client = await connected({ authType: 'user-supplied', accessToken, instanceUrl: stack.salesforceUrl.replace('http://', 'https://') });
  try {
    const schemaRead = nextEvent(client, '/event/LogoutEventStream', () => true);
    const login = await fetch(`${stack.salesforceUrl}/login.jsp`, { method: 'POST', body: new URLSearchParams({ un: kim.userId }) });
    if (login.status === 200) {
      const { sessionId } = await login.json();
      await fetch(`${stack.salesforceUrl}/secur/logout.jsp`, { headers: { cookie: `sid=${sessionId}` } });
    }
    const event = await schemaRead;
    assert.ok(event.replayId > 0);
  } finally {
    client.close();
  }
});
