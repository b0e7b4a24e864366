// The metadata-to-code check (tools/salesforce-check) must fail when the org's side drifts from the code: each case
// edits a copy of infra/salesforce the way a hand edit would, and the check must name what broke. Offline; no stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkProject, defaultProject, apps } from '../../tools/salesforce-check/check.mjs';

const failures = (results) => results.filter((result) => !result.ok).map((result) => result.label);

async function checkEdited(edit) {
  const copy = mkdtempSync(join(tmpdir(), 'sfsso-metadata-'));
  try {
    cpSync(defaultProject, copy, { recursive: true });
    edit((path, change) => {
      const full = join(copy, path);
      writeFileSync(full, change(readFileSync(full, 'utf8')));
    }, (path) => unlinkSync(join(copy, path)), copy);
    return failures(await checkProject(copy));
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

const app = 'force-app/main/default';

test('the project as committed passes every check', async () => {
  assert.deepEqual(failures(await checkProject()), []);
});

const cases = [
  ['the events app given JWT-based tokens', (edit) => edit(`${app}/extlClntAppGlobalOauthSets/${apps.events}.ecaGlblOauth-meta.xml`,
    (xml) => xml.replace('<isNamedUserJwtEnabled>false', '<isNamedUserJwtEnabled>true')), /opaque access tokens/],
  ['the events app without the client credentials flow', (edit) => edit(`${app}/extlClntAppOauthPolicies/${apps.events}.ecaOauthPlcy-meta.xml`,
    (xml) => xml.replace('<isClientCredentialsFlowEnabled>true', '<isClientCredentialsFlowEnabled>false')), /client credentials flow is on/],
  ['the sign-in app without JWT-based tokens', (edit) => edit(`${app}/extlClntAppGlobalOauthSets/${apps.signIn}.ecaGlblOauth-meta.xml`,
    (xml) => xml.replace('<isNamedUserJwtEnabled>true', '<isNamedUserJwtEnabled>false')), /JWT-based access tokens for named users/],
  ['the User change topic removed', (edit, remove) => remove(`${app}/platformEventChannelMembers/ChangeEvents_UserChangeEvent.platformEventChannelMember-meta.xml`),
    /\/data\/UserChangeEvent is turned on/],
  ['logout streaming turned off', (edit) => edit('logout-events/main/default/settings/RealTimeEvent.settings-meta.xml',
    (xml) => xml.replace('<isEnabled>true', '<isEnabled>false')), /\/event\/LogoutEventStream is turned on/],
  ['a permission the code does not need', (edit) => edit(`${app}/permissionsets/SfCognitoSso_SignOut.permissionset-meta.xml`,
    (xml) => xml.replace('</PermissionSet>', '<userPermissions><enabled>true</enabled><name>ModifyAllData</name></userPermissions></PermissionSet>')), /grants exactly/],
  ['a permission the code needs, gone', (edit) => edit(`${app}/permissionsets/SfCognitoSso_SignOut.permissionset-meta.xml`,
    (xml) => xml.replace(/<userPermissions>\s*<enabled>true<\/enabled>\s*<name>ViewAllUsers<\/name>\s*<\/userPermissions>/, '')), /grants exactly/],
  ['a consumer secret committed', (edit) => edit(`${app}/extlClntAppGlobalOauthSets/${apps.events}.ecaGlblOauth-meta.xml`,
    (xml) => xml.replace('<externalClientApplication>', '<consumerSecret>ABC123</consumerSecret>\n    <externalClientApplication>')), /no consumer key or secret/],
  ['the run-as user written in, not set at the deploy', (edit) => edit(`${app}/extlClntAppOauthPolicies/${apps.events}.ecaOauthPlcy-meta.xml`,
    (xml) => xml.replace('SFSSO_EVENTS_RUN_AS_USERNAME', 'someone@example.com')), /run-as user is set by policy/],
  ['a file Salesforce cannot read', (edit) => edit(`${app}/externalClientApps/${apps.events}.eca-meta.xml`,
    (xml) => xml.replace('</ExternalClientApplication>', '')), /well-formed/],
  ['a comment XML does not allow', (edit) => edit(`${app}/externalClientApps/${apps.events}.eca-meta.xml`,
    (xml) => xml.replace('<!--', '<!-- run with --target-org,')), /well-formed/],
];

for (const [name, edit, expected] of cases) {
  test(`the check fails on ${name}`, async () => {
    const failed = await checkEdited(edit);
    assert.ok(failed.some((label) => expected.test(label)), `expected a failure matching ${expected}; failed: ${JSON.stringify(failed)}`);
  });
}
