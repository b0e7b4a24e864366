// Holds infra/salesforce (the org's side, deployed with `sf project deploy start`) to the code, offline: Salesforce's
// own metadata library (source-deploy-retrieve, what the sf CLI deploys with) converts the project to the Metadata
// API's format, with the deploy's string replacements applied, and every check reads the converted files, so a file
// Salesforce would not accept, or one out of step with what the validator does, fails here and not in an org.
// `node check.mjs [project]` prints one line per check and "salesforce: N passed, N failed"; exits non-zero on failure.
import { ComponentSet, MetadataConverter } from "@salesforce/source-deploy-retrieve";
import { XMLValidator } from "fast-xml-parser";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repository = fileURLToPath(new URL("../../", import.meta.url));
export const defaultProject = join(repository, "infra/salesforce");
export const apps = { signIn: "SfCognitoSso_SignIn", events: "SfCognitoSso_Events" };
export const signOutPermissionSet = "SfCognitoSso_SignOut";
// The deploy's replacement tokens (sfdx-project.json), given sample values so the converted files can be read.
const samples = { SFSSO_EVENTS_RUN_AS_USERNAME: "sfsso-events@example.com", SFSSO_CANVAS_URL: "https://validator.example.com/canvas" };

const source = (path) => readFileSync(join(repository, path), "utf8");
// Flat reads of a metadata file: every value of an element, comments ignored.
const values = (xml, element) => [...xml.replace(/<!--[\s\S]*?-->/g, "").matchAll(new RegExp(`<${element}>([^<]*)</${element}>`, "g"))].map((m) => m[1].trim());
const value = (xml, element) => values(xml, element)[0];

/** Converts the project with Salesforce's library; returns the converted files by path (relative, '/'-separated). */
export async function convert(project = defaultProject) {
  const config = JSON.parse(readFileSync(join(project, "sfdx-project.json"), "utf8"));
  const saved = { ...process.env };
  Object.assign(process.env, samples, { SF_APPLY_REPLACEMENTS_ON_CONVERT: "true" });
  const output = mkdtempSync(join(tmpdir(), "sfsso-salesforce-"));
  const cwd = process.cwd();
  try {
    // Replacements name files relative to the project, as sf reads them.
    process.chdir(project);
    const components = ComponentSet.fromSource({ fsPaths: config.packageDirectories.map((directory) => resolve(project, directory.path)) });
    components.projectDirectory = project;
    await new MetadataConverter().convert(components, "metadata", { type: "directory", outputDirectory: output, genUniqueDir: false });
    const files = {};
    for (const file of readdirSync(output, { recursive: true })) {
      if (file.includes(".")) files[file.replaceAll("\\", "/")] = readFileSync(join(output, file), "utf8");
    }
    return { config, components: components.toArray().map((component) => `${component.type.name}:${component.fullName}`), files };
  } finally {
    process.chdir(cwd);
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    rmSync(output, { recursive: true, force: true });
  }
}

/** Every check of the project against the code: [{ ok, label }]. */
export async function checkProject(project = defaultProject) {
  const results = [];
  const check = (ok, label) => results.push({ ok: Boolean(ok), label });
  let converted;
  try {
    converted = await convert(project);
    check(converted.components.length > 0, `Salesforce's library converts the project (${converted.components.length} components)`);
  } catch (error) {
    check(false, `Salesforce's library converts the project: ${error.message}`);
    return results;
  }

  const { config, components, files } = converted;
  const file = (path) => files[path] ?? "";
  const raw = readdirSync(project, { recursive: true }).filter((path) => /-meta\.xml$/.test(path)).map((path) => readFileSync(join(project, path), "utf8")).join("\n");

  // XML forbids "--" inside a comment, which the validator lets pass and the Metadata API does not.
  const badComment = (xml) => [...xml.matchAll(/<!--([\s\S]*?)-->/g)].some((m) => m[1].includes("--") || m[1].endsWith("-"));
  const malformed = Object.entries(files).filter(([, xml]) => XMLValidator.validate(xml) !== true || badComment(xml)).map(([path]) => path);
  check(malformed.length === 0, `every file is well-formed XML${malformed.length ? ` (not: ${malformed.join(", ")})` : ""}`);
  check(Number(config.sourceApiVersion) >= 66, "sourceApiVersion is 66.0 or later (the ECA canvas plugin's first version)");
  check(!components.some((component) => component.startsWith("ConnectedApp:")),
    "no ConnectedApp: Salesforce blocks creating new connected apps since Spring '26; the apps are External Client Apps");
  check(!/<consumer(Key|Secret)>/.test(raw), "no consumer key or secret in source control (Salesforce makes them at the deploy)");
  for (const app of Object.values(apps)) {
    check(["ExternalClientApplication", "ExtlClntAppGlobalOauthSettings", "ExtlClntAppOauthSettings", "ExtlClntAppOauthConfigurablePolicies"]
      .every((type) => components.includes(`${type}:${app}`)), `${app}: the app, its global OAuth settings, scopes and policies`);
  }

  // The events app: what the subscriber (src/Adapters/SalesforceEvents) does with it.
  const tokenRequest = source("src/Adapters/SalesforceEvents/OrgAccessTokens.cs");
  const eventsGlobal = file(`extlClntAppGlobalOauthSets/${apps.events}.ecaGlblOauth`);
  const eventsPolicy = file(`extlClntAppOauthPolicies/${apps.events}.ecaOauthPlcy`);
  check(/\["grant_type"\] = "client_credentials"/.test(tokenRequest)
      && value(eventsGlobal, "isClientCredentialsFlowEnabled") === "true" && value(eventsPolicy, "isClientCredentialsFlowEnabled") === "true",
    `${apps.events}: the client credentials flow is on (the subscriber asks its tokens with grant_type=client_credentials)`);
  check(value(eventsGlobal, "isNamedUserJwtEnabled") === "false",
    `${apps.events}: opaque access tokens (the Pub/Sub API refuses JWT-based ones)`);
  check(value(eventsPolicy, "clientCredentialsFlowUser") === samples.SFSSO_EVENTS_RUN_AS_USERNAME,
    `${apps.events}: the run-as user is set by policy, from the deploy's SFSSO_EVENTS_RUN_AS_USERNAME`);
  check(value(eventsPolicy, "permittedUsersPolicyType") === "AdminApprovedPreAuthorized" && value(eventsPolicy, "commaSeparatedPermissionSet") === signOutPermissionSet
      && value(eventsPolicy, "ipRelaxationPolicyType") === "Enforce",
    `${apps.events}: admin pre-authorised through ${signOutPermissionSet}, IP restrictions enforced`);
  check(value(file(`extlClntAppOauthSettings/${apps.events}.ecaOauth`), "commaSeparatedOauthScopes") === "Api",
    `${apps.events}: the narrowest scope, Api (Pub/Sub and SOQL)`);

  // The sign-in app: JWT-based access tokens, which the validator checks offline; a canvas plugin posting signed requests.
  const jwtInput = source("src/Contracts/TokenExchange.cs");
  check(value(file(`extlClntAppGlobalOauthSets/${apps.signIn}.ecaGlblOauth`), "isNamedUserJwtEnabled") === "true" && /token-type:jwt/.test(jwtInput),
    `${apps.signIn}: JWT-based access tokens for named users (the validator's accessToken input)`);
  const canvas = file(`extlClntAppCanvasSettings/${apps.signIn}.ecaCanvas`);
  check(value(canvas, "accessMethod") === "Post" && value(canvas, "canvasUrl") === samples.SFSSO_CANVAS_URL
      && /signed_request|signedRequest/.test(source("src/Contracts/CanvasEnvelope.cs")),
    `${apps.signIn}: the canvas plugin posts signed requests (accessMethod Post) to the deploy's SFSSO_CANVAS_URL`);

  // The topics the subscriber reads (src/Adapters/SalesforceEvents/SignOutTopics.cs), each turned on by the project.
  const topics = [...source("src/Adapters/SalesforceEvents/SignOutTopics.cs").matchAll(/const string \w+ = "(\/(event|data)\/\w+)";/g)].map((m) => m[1]);
  const member = Object.entries(files).filter(([path]) => path.startsWith("platformEventChannelMembers/")).map(([, xml]) => xml);
  const streamed = values(file("settings/RealTimeEvent.settings"), "entityName");
  const realTime = file("settings/RealTimeEvent.settings");
  check(topics.length === 2, `the subscriber reads two topics (${topics.join(", ")})`);
  for (const topic of topics) {
    const entity = topic.split("/")[2];
    const on = topic.startsWith("/data/")
      ? member.some((xml) => value(xml, "eventChannel") === "ChangeEvents" && value(xml, "selectedEntity") === entity)
      : streamed.includes(entity) && /<isEnabled>true<\/isEnabled>/.test(realTime);
    check(on, `${topic} is turned on (${topic.startsWith("/data/") ? "Change Data Capture selection" : "Real-Time Event streaming"})`);
  }

  // The run-as user's permissions: exactly what the code's reads need, each for a reason.
  const userQuery = /FROM User\b/.test(source("src/Adapters/SalesforceEvents/SalesforceUserStatus.cs"));
  const needed = new Set(["ApiEnabled", "ApiUserOnly"]);
  if (topics.includes("/event/LogoutEventStream")) { needed.add("CustomizeApplication"); needed.add("ViewRealTimeEventMonitoringData"); }
  if (topics.includes("/data/UserChangeEvent") || userQuery) needed.add("ViewAllUsers");
  const granted = values(file(`permissionsets/${signOutPermissionSet}.permissionset`), "name");
  check(granted.length === needed.size && granted.every((name) => needed.has(name)),
    `${signOutPermissionSet} grants exactly ${[...needed].sort().join(", ")} (granted: ${granted.sort().join(", ") || "none"})`);
  // The sweep's frozen-user query reads UserLogin, which only Manage Users opens: an opt-in set of its own.
  const sweepsFrozen = /FROM UserLogin\b/.test(source("src/Adapters/SalesforceEvents/UserSweep.cs"));
  const sweepGrants = values(file("permissionsets/SfCognitoSso_SweepFrozen.permissionset"), "name");
  check(sweepsFrozen && sweepGrants.length === 1 && sweepGrants[0] === "ManageUsers" && !granted.includes("ManageUsers"),
    `SfCognitoSso_SweepFrozen grants ManageUsers for the sweep's UserLogin query, apart from ${signOutPermissionSet} (granted: ${sweepGrants.join(", ") || "none"})`);
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await checkProject(process.argv[2] ? resolve(process.argv[2]) : defaultProject);
  for (const { ok, label } of results) console.log(`  ${ok ? "ok" : "FAILED"}: ${label}`);
  const failed = results.filter((result) => !result.ok).length;
  console.log(`salesforce: ${results.length - failed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}
