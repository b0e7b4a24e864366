// Checks every .tf file under infra/terraform without a terraform binary: it must parse (HCL2), be formatted as
// `terraform fmt` would (hcl-tools uses the same formatter), and the AWS stack must wire the three triggers.
// Prints "N passed, N failed"-style lines for .ci/run and exits non-zero on any failure.
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "@cdktf/hcl2json";
import { format } from "@cdktf/hcl-tools";

const root = new URL("../../infra/terraform/", import.meta.url).pathname;
const files = readdirSync(root, { recursive: true }).filter((file) => file.endsWith(".tf")).map((file) => join(root, file));
let passed = 0;
let failed = 0;
const check = (ok, label) => {
  if (ok) { passed++; console.log(`  ok: ${label}`); } else { failed++; console.log(`  FAILED: ${label}`); }
};

const parsed = {};
for (const file of files) {
  const name = relative(root, file);
  const text = readFileSync(file, "utf8");
  try {
    parsed[name] = await parse(name, text);
    check(true, `${name} parses`);
  } catch (error) {
    check(false, `${name} parses: ${error}`);
  }
  check((await format(text)) === text, `${name} is formatted`);
}

const aws = parsed["aws/main.tf"] ?? {};
const pool = aws.resource?.aws_cognito_user_pool?.users?.[0];
const triggers = aws.resource?.aws_lambda_function?.trigger?.[0];
check(pool?.lambda_config?.[0]?.define_auth_challenge && pool?.lambda_config?.[0]?.verify_auth_challenge_response,
  "aws: the user pool names the define, create and verify triggers");
const awsVariables = parsed["aws/variables.tf"]?.variable ?? {};
check(awsVariables.trigger_runtime?.[0]?.default === "provided.al2023" && triggers?.timeout === 5,
  "aws: triggers default to provided.al2023 with Cognito's 5 s timeout");
check(pool?.lambda_config?.[0]?.pre_token_generation_config?.[0]?.lambda_arn?.includes("trigger[local.function_of.token]"),
  "aws: the pool runs the pre-token-generation trigger");
const oneFunction = Object.assign({}, ...(aws.locals ?? [])).one_function?.all;
check(awsVariables.separate_trigger_functions?.[0]?.default === false && oneFunction?.handler === "any-trigger"
    && ["define_auth_challenge", "create_auth_challenge", "verify_auth_challenge_response"].every((name) => pool?.lambda_config?.[0]?.[name]?.includes("local.function_of.")),
  "aws: by default one function (_HANDLER any-trigger) serves all four triggers: one cold start per cold sign-in");
// The custom attributes the code writes (and the local stack's pool declares): src/Contracts/UserAttributes.cs.
const userAttributes = readFileSync(join(root, "../../src/Contracts/UserAttributes.cs"), "utf8");
const customAttributes = [...userAttributes.matchAll(/const string \w+ = "custom:(\w+)";/g)].map((match) => match[1]).sort();
check(customAttributes.length === 3 && (pool?.schema ?? []).map((schema) => schema.name).sort().join(",") === customAttributes.join(",")
    && (pool?.schema ?? []).every((schema) => schema.attribute_data_type === "String" && schema.mutable === true),
  "aws: the pool declares the custom attributes the code writes (Contracts.UserAttributes), each a mutable String");
const client = aws.resource?.aws_cognito_user_pool_client?.app?.[0];
check(Object.values(aws.resource?.aws_cognito_user_pool_client ?? {}).every(([appClient]) =>
    Array.isArray(appClient?.write_attributes) && appClient.write_attributes.every((name) => !name.startsWith("custom:") && !name.startsWith("email"))),
  "aws: every app client lists its write attributes and none is ours (a user cannot clear the sign-out mark or change their Salesforce IDs)");
const clientAuthFlows = Object.assign({}, ...(aws.locals ?? [])).client_auth_flows ?? "";
check(Object.values(aws.resource?.aws_cognito_user_pool_client ?? {}).every(([appClient]) => appClient?.explicit_auth_flows === "${local.client_auth_flows}")
    && /var\.refresh_token_rotation \? \["ALLOW_CUSTOM_AUTH"\] : \["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"\]/.test(clientAuthFlows),
  "aws: the app clients allow custom auth and refresh only, and not REFRESH_TOKEN_AUTH when they rotate refresh tokens (Cognito refuses both together)");
check(Object.values(aws.resource?.aws_cognito_user_pool_client ?? {}).every(([appClient]) => {
  const rotation = appClient?.dynamic?.refresh_token_rotation?.[0];
  return rotation?.for_each === "${var.refresh_token_rotation ? [1] : []}" && rotation?.content?.[0]?.feature === "ENABLED"
    && rotation?.content?.[0]?.retry_grace_period_seconds === "${var.refresh_token_retry_grace_seconds}";
}), "aws: refresh_token_rotation turns rotation on for every app client, with its grace period");
check(pool?.admin_create_user_config?.[0]?.allow_admin_create_user_only === true,
  "aws: no self sign-up (usernames are predictable; only the validator creates users)");
const refreshHours = parsed["aws/variables.tf"]?.variable?.refresh_token_hours?.[0]?.default;
check(client?.token_validity_units?.[0]?.refresh_token === "hours" && refreshHours === 2,
  "aws: refresh tokens last 2 hours by default (the revocation window)");

for (const stack of ["aws", "azure"]) {
  check(parsed[`${stack}/main.tf`]?.module?.salesforce?.[0]?.source === "../modules/salesforce-settings",
    `${stack}: org settings come from modules/salesforce-settings`);
}

const azureText = readFileSync(join(root, "azure/main.tf"), "utf8");
const functionApp = parsed["azure/main.tf"]?.resource?.azurerm_linux_function_app?.validator?.[0];
check(!/AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY)/.test(azureText) && functionApp?.identity?.[0]?.type === "SystemAssigned",
  "azure: no AWS keys; the Function App has a managed identity for web identity access");
check(/Cache__Redis\s*=.*@Microsoft\.KeyVault/.test(azureText) && /Ticket__SigningKey\s*=.*@Microsoft\.KeyVault/.test(azureText),
  "azure: the Redis connection and the validator's ES256 signing key are Key Vault references");
const trust = JSON.stringify(aws.resource?.aws_iam_role?.validator?.[0]?.assume_role_policy ?? "");
check(trust.includes("sts:AssumeRoleWithWebIdentity") && trust.includes(":aud") && trust.includes(":sub"),
  "aws: the validator role trusts one managed identity for one audience");

// The Terraform held to the code: names it uses must exist there.
const source = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const localsBlocks = aws.locals ?? [];
const awsLocals = Object.assign({}, ...localsBlocks);
const triggerNames = new Set([...source("src/Adapters/Triggers/CognitoTriggerNames.cs").matchAll(/public const string \w+ = "([a-z-]+)";/g)].map((m) => m[1]));
const managedMethods = new Set([...source("src/Hosts/Lambda/Triggers.cs").matchAll(/public Task<Stream> (\w+)\(Stream input\)/g)].map((m) => m[1]));
for (const [key, trigger] of Object.entries({ ...(awsLocals.triggers ?? {}), ...(awsLocals.one_function ?? {}) })) {
  check(triggerNames.has(trigger.handler), `aws: _HANDLER "${trigger.handler}" (${key}) is a trigger the bootstrap serves`);
  check(managedMethods.has(trigger.method), `aws: managed handler method Triggers::${trigger.method} (${key}) exists`);
}

const waf = aws.resource?.aws_wafv2_web_acl?.pool?.[0];
const wafAssociation = aws.resource?.aws_wafv2_web_acl_association?.pool?.[0];
check(awsVariables.waf_enabled?.[0]?.default === true && waf?.scope === "REGIONAL"
    && waf?.rule?.[0]?.statement?.[0]?.rate_based_statement?.[0]?.aggregate_key_type === "IP"
    && wafAssociation?.resource_arn?.includes("aws_cognito_user_pool.users.arn"),
  "aws: a per-IP rate-based WAF rule guards the user pool, on by default");

const azure = parsed["azure/main.tf"]?.resource ?? {};
const vault = azure.azurerm_key_vault?.validator?.[0];
const storage = azure.azurerm_storage_account?.functions?.[0];
check(vault?.network_acls?.[0]?.default_action === "Deny" && storage?.network_rules?.[0]?.default_action === "Deny",
  "azure: the Key Vault and the storage account deny every network but the app's subnet and the admins'");
check(azure.azurerm_role_assignment?.deployer_manages_secrets?.[0]?.role_definition_name === "Key Vault Secrets Officer",
  "azure: the deployer gets a Key Vault data-plane role to write the secrets");
check(functionApp?.storage_uses_managed_identity === true && !("storage_account_access_key" in (functionApp ?? {})) && storage?.shared_access_key_enabled === false,
  "azure: AzureWebJobsStorage is identity-based; the storage account has no shared keys");
check(!/versionless_id/.test(azureText) && /KeyVault\(SecretUri=\$\{azurerm_key_vault_secret\.\w+\[0\]\.id\}/.test(azureText),
  "azure: Key Vault references are versioned, so a rotation through Terraform takes effect at once");

const exchangeClient = aws.resource?.aws_cognito_user_pool_client?.exchange?.[0];
check(exchangeClient?.generate_secret === true && /Exchange__ClientSecret\s*=.*@Microsoft\.KeyVault/.test(azureText),
  "aws/azure: the exchange signs in with its own confidential client, its secret a Key Vault reference");

const awsText = readFileSync(join(root, "aws/main.tf"), "utf8");
const cacheParameter = aws.resource?.aws_ssm_parameter?.cache_redis?.[0];
const verifyPolicy = JSON.stringify(aws.resource?.aws_iam_role_policy?.verify_reads_cache_secret?.[0]?.policy ?? "");
check(!/Cache__SigningKey|var\.cache_redis\b/.test(awsText) && /Cache__Redis\s*=\s*"ssm:/.test(awsText)
    && cacheParameter?.type === "SecureString" && JSON.stringify(cacheParameter?.lifecycle ?? "").includes("value"),
  "aws: no secret in the triggers' environment: the Redis connection is an SSM SecureString Terraform never holds");
check(verifyPolicy.includes("ssm:GetParameters") && verifyPolicy.includes("kms:Decrypt") && aws.resource?.aws_iam_role_policy?.verify_reads_cache_secret?.[0]?.role?.includes("aws_iam_role.verify"),
  "aws: only the verify function's own role may read and decrypt the cache secret");

check(/Salesforce__Orgs__\$\{index\}__CanvasConsumerSecret" => "@Microsoft\.KeyVault/.test(azureText),
  "azure: canvas app consumer secrets are Key Vault references, at their org's index");
check(/Salesforce__Orgs__\$\{index\}__Events__ClientSecret" => "@Microsoft\.KeyVault/.test(azureText) && /Salesforce__Orgs__\$\{index\}__Events__ClientId"/.test(azureText),
  "azure: single sign-out's events app secrets are Key Vault references, at their org's index");

// Every Lambda runtime Terraform offers can run the build: dotnetN only for a project that targets netN.0 (the managed
// runtime loads the framework-dependent build), provided.* for the self-contained NativeAOT bootstrap.
const runtimeCondition = awsVariables.trigger_runtime?.[0]?.validation?.[0]?.condition ?? "";
const offeredRuntimes = [...runtimeCondition.matchAll(/"([a-z0-9.]+)"/g)].map((m) => m[1]);
const lambdaProject = source("src/Hosts/Lambda/SfCognitoSso.Hosts.Lambda.csproj");
const targetFramework = (lambdaProject.match(/<TargetFramework>([^<]+)</) ?? source("Directory.Build.props").match(/<TargetFramework>([^<]+)</))[1];
check(offeredRuntimes.length > 0 && offeredRuntimes.includes(awsVariables.trigger_runtime?.[0]?.default),
  `aws: trigger_runtime offers ${offeredRuntimes.join(", ")}, its default among them`);
for (const runtime of offeredRuntimes) {
  const managed = runtime.match(/^dotnet(\d+)$/);
  check(managed ? targetFramework === `net${managed[1]}.0` : /^provided\.al20(23|25)$/.test(runtime),
    `aws: Lambda runtime ${runtime} can run the ${targetFramework} build`);
}

// Every setting Terraform passes (Section__Key…) is one the code binds: a class with that Section and property.
const csFiles = readdirSync(new URL("../../src", import.meta.url).pathname, { recursive: true })
  .filter((file) => file.endsWith(".cs") && !file.includes("/obj/") && !file.includes("/bin/"))
  .map((file) => readFileSync(join(new URL("../../src", import.meta.url).pathname, file), "utf8"));
const readsSetting = (name) => {
  const [section, key] = name.split("__");
  return csFiles.some((text) => text.includes(`Section = "${section}"`) && new RegExp(`public [\\w<>?,\\s]+ ${key} \\{ get;`).test(text));
};
const standard = new Set(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "FUNCTIONS_WORKER_RUNTIME", "WEBSITE_RUN_FROM_PACKAGE"]);
const settingNames = new Set();
const collect = (text) => { for (const m of text.matchAll(/\b([A-Z][A-Za-z]+__[A-Z][A-Za-z]+)(?:__\w+)*\s*=/g)) settingNames.add(m[1]); };
for (const file of ["aws/main.tf", "azure/main.tf", "modules/salesforce-settings/main.tf"]) collect(readFileSync(join(root, file), "utf8"));
for (const m of readFileSync(join(root, "modules/salesforce-settings/main.tf"), "utf8").matchAll(/"(Salesforce__Orgs)__\$\{/g)) settingNames.add(m[1]);
for (const name of [...settingNames].sort()) {
  if (!standard.has(name)) check(readsSetting(name), `terraform sets ${name}, which the code reads`);
}

// The product settings both halves read are the same inputs in both stacks (type, default, checks): an Email-mode AWS
// side with a SalesforceUserId validator, or a JWT org whose client IDs reach one side only, refuses every sign-in.
const sharedInputs = ["salesforce_orgs", "identity_key", "salesforce_endpoint", "single_sign_out_enabled"];
const declaration = (variables, name) => {
  const { description, ...rest } = variables[name]?.[0] ?? {};
  return JSON.stringify(rest).replace(/\s+/g, " ");
};
const azureInputs = parsed["azure/variables.tf"]?.variable ?? {};
for (const name of sharedInputs) {
  check(awsVariables[name] && azureInputs[name] && declaration(awsVariables, name) === declaration(azureInputs, name),
    `aws/azure: ${name} is declared alike in both stacks (type, default, validation)`);
}
const moduleOrgs = JSON.stringify(parsed["modules/salesforce-settings/main.tf"]?.variable?.salesforce_orgs?.[0]?.type ?? parsed["modules/salesforce-settings/variables.tf"]?.variable?.salesforce_orgs?.[0]?.type ?? "").replace(/\s+/g, " ");
check(/jwt_client_ids/.test(declaration(awsVariables, "salesforce_orgs")) && JSON.stringify(awsVariables.salesforce_orgs?.[0]?.type).replace(/\s+/g, " ") === moduleOrgs,
  "aws/azure: salesforce_orgs has the module's type, jwt_client_ids included (a type without it drops them silently)");
for (const [stack, text] of [["aws", readFileSync(join(root, "aws/main.tf"), "utf8")], ["azure", azureText]]) {
  check(/Identity__Key\s*=\s*var\.identity_key/.test(text) && /Salesforce__Endpoint\s*=\s*var\.salesforce_endpoint/.test(text),
    `${stack}: Identity__Key and Salesforce__Endpoint come from identity_key and salesforce_endpoint`);
}
check(/for index, origin in var\.cors_allowed_origins : "Cors__AllowedOrigins__\$\{index\}" => origin/.test(azureText),
  "azure: cors_allowed_origins become Cors__AllowedOrigins__N (browser pages can call the deployed validator)");

// Single sign-out is one input for both stacks: AWS grants the sign-out only with it, Azure reads events only with it.
const azureVariables = parsed["azure/variables.tf"]?.variable ?? {};
const signOutInput = (variables) => variables.single_sign_out_enabled?.[0];
check(signOutInput(awsVariables)?.type === "${bool}" && signOutInput(azureVariables)?.type === "${bool}"
    && signOutInput(awsVariables)?.default === false && signOutInput(azureVariables)?.default === false
    && /var\.single_sign_out_enabled \? local\.validator_actions_signout/.test(readFileSync(join(root, "aws/main.tf"), "utf8"))
    && /sign_out_connected_apps = var\.single_sign_out_enabled \? var\.sign_out_connected_apps : \{\}/.test(azureText)
    && !/var\.sign_out_connected_apps\[/.test(azureText),
  "aws/azure: single sign-out is on or off from one input, single_sign_out_enabled (off by default in both): AWS grants AdminUserGlobalSignOut, Azure reads events, only with it");
check(/condition\s*=\s*!var\.single_sign_out_enabled \|\| nonsensitive\(var\.cache_redis\) != ""/.test(azureText) && !/SignOut__SingleInstance/.test(azureText),
  "azure: single sign-out on a plan that scales out requires Redis (one lease holder per org and topic), never SignOut__SingleInstance");
check(/^EP\d$/.test(azure.azurerm_service_plan?.validator?.[0]?.sku_name ?? "")
    && /ScalesToZero => FunctionsPlan is "Dynamic" or "FlexConsumption"/.test(source("src/Adapters/SalesforceEvents/SignOutEventsOptions.cs")),
  "azure: the plan is Elastic Premium (always-ready instances): the validator refuses single sign-out on a plan that scales to zero (WEBSITE_SKU Dynamic or FlexConsumption)");
check(!/tls_private_key/.test(azureText.replace(/^\s*#.*$/gm, "")) && !azure.azurerm_key_vault_secret?.ticket_signing_key
    && /Ticket__SigningKey\s*=\s*"@Microsoft\.KeyVault\(VaultName=\$\{azurerm_key_vault\.validator\.name\};SecretName=\$\{var\.ticket_signing_key_secret_name\}\)"/.test(azureText)
    && !azureVariables.ticket_signing_key,
  "azure: the ticket signing key never enters Terraform state (made outside, written to Key Vault, referenced by name)");

// The IAM actions granted are exactly the Cognito operations the adapters call, split by the option needing them.
const operations = new Set([...source("src/Adapters/Cognito/Api/CognitoApiClient.cs").matchAll(/SendAsync\(\s*"(\w+)"/g)].map((m) => `cognito-idp:${m[1]}`));
const granted = [...(awsLocals.validator_actions_always ?? []), ...(awsLocals.validator_actions_email ?? []), ...(awsLocals.validator_actions_exchange ?? []), ...(awsLocals.validator_actions_signout ?? [])];
check(granted.length === operations.size && granted.every((action) => operations.has(action)),
  `aws: the validator's IAM actions (${granted.length}) are the Cognito operations the adapter calls (${operations.size})`);
const directory = source("src/Adapters/Cognito/CognitoIdentityDirectory.cs");
// ListUsers is called from FindByVerifiedEmailAsync only, which the find-or-create policy uses in Email mode only.
const findByEmail = directory.slice(directory.indexOf("FindByVerifiedEmailAsync"));
check((awsLocals.validator_actions_email ?? []).every((action) => findByEmail.includes(`${action.split(":")[1]}Async`)) &&
  !directory.slice(0, directory.indexOf("FindByVerifiedEmailAsync")).includes("ListUsersAsync"),
  "aws: ListUsers is granted only for Email mode, where the directory lists");
check((awsLocals.validator_actions_exchange ?? []).every((action) => source("src/Adapters/Cognito/CognitoTokenIssuer.cs").includes(`${action.split(":")[1]}Async`)),
  "aws: the admin auth actions are granted only for the token exchange, which calls them");

// AdminUserGlobalSignOut is called from SignOutAsync only, which single sign-out alone uses.
const signOut = directory.slice(directory.indexOf("SignOutAsync"), directory.indexOf("UpdateEmailAsync"));
check((awsLocals.validator_actions_signout ?? []).length > 0 &&
  (awsLocals.validator_actions_signout ?? []).every((action) => signOut.includes(`${action.split(":")[1]}Async`)) &&
  !directory.replace(signOut, "").includes("AdminUserGlobalSignOutAsync"),
  "aws: AdminUserGlobalSignOut is granted only for single sign-out, which calls it");
// The local stack's pool is built from src/Contracts/PoolDefaults.cs: the Terraform defaults must be the same numbers.
const poolDefaults = readFileSync(join(root, "../../src/Contracts/PoolDefaults.cs"), "utf8");
const poolDefault = (name) => Number(new RegExp(`const int ${name} = (\\d+);`).exec(poolDefaults)?.[1]);
const accessMinutes = parsed["aws/variables.tf"]?.variable?.access_token_minutes?.[0]?.default;
check(/access_token_validity\s*=\s*var\.access_token_minutes/.test(readFileSync(join(root, "aws/main.tf"), "utf8"))
  && accessMinutes === 15 && accessMinutes === poolDefault("AccessTokenMinutes"),
  "aws: access tokens last 15 minutes by default, as the local stack's pool (Contracts.PoolDefaults)");
check(refreshHours === poolDefault("RefreshTokenHours"),
  "aws: refresh tokens last as long as in the local stack's pool (Contracts.PoolDefaults)");
check(awsVariables.pre_token_generation_version?.[0]?.default === `V${poolDefault("PreTokenGenerationVersion")}_0`,
  "aws: pre token generation runs the version of the local stack's pool (Contracts.PoolDefaults)");
const poolFlag = (name) => new RegExp(`const bool ${name} = (true|false);`).exec(poolDefaults)?.[1] === "true";
check(awsVariables.refresh_token_rotation?.[0]?.default === poolFlag("RefreshTokenRotation")
    && awsVariables.refresh_token_retry_grace_seconds?.[0]?.default === poolDefault("RefreshTokenRetryGraceSeconds"),
  "aws: refresh token rotation and its grace period default as in the local stack's pool (Contracts.PoolDefaults)");
const poolWriteAttributes = JSON.parse(/WriteAttributes = (\[[^\]]*\]);/.exec(poolDefaults)?.[1] ?? "null");
check(Object.values(aws.resource?.aws_cognito_user_pool_client ?? {}).every(([appClient]) =>
    JSON.stringify(appClient?.write_attributes) === JSON.stringify(poolWriteAttributes)),
  "aws: every app client's write attributes are the local stack's (Contracts.PoolDefaults)");

// The state backends docs/deploy.md shows parse, one per cloud, each with encryption or Entra ID access.
{
  const backends = [...readFileSync(join(root, "../../docs/deploy.md"), "utf8").matchAll(/^```hcl\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
  const parsedBackends = [];
  for (const [index, text] of backends.entries()) {
    try { parsedBackends.push((await parse(`deploy-backend-${index}.tf`, text)).terraform?.[0]?.backend ?? {}); } catch { parsedBackends.push({}); }
  }
  const s3 = parsedBackends.find((backend) => backend.s3)?.s3?.[0];
  const azurerm = parsedBackends.find((backend) => backend.azurerm)?.azurerm?.[0];
  check(backends.length === 2 && s3?.encrypt === true && s3?.kms_key_id && s3?.use_lockfile === true && azurerm?.use_azuread_auth === true,
    "docs/deploy.md: its two state backends parse (S3 encrypted with KMS and locked, azurerm with Entra ID)");
}

// docs/deploy.md's variable tables name only variables each stack declares: a reader who sets a documented one must
// not meet "An argument named … is not expected here".
const deployDoc = readFileSync(join(root, "../../docs/deploy.md"), "utf8");
for (const [stack, heading] of [["aws", "## 3. Apply the AWS stack"], ["azure", "## 4. Apply the Azure stack"]]) {
  const start = deployDoc.indexOf(heading);
  const section = start < 0 ? "" : deployDoc.slice(start, deployDoc.indexOf("\n## ", start + heading.length));
  const documented = [...section.matchAll(/^\| ([^|]+) \|/gm)].flatMap((row) => [...row[1].matchAll(/`([a-z0-9_]+)`/g)].map((name) => name[1]))
    .filter((name) => name !== "variable");
  const declared = Object.keys(parsed[`${stack}/variables.tf`]?.variable ?? {});
  const undeclared = documented.filter((name) => !declared.includes(name));
  check(documented.length > 5 && undeclared.length === 0,
    `${stack}: every variable docs/deploy.md documents for the stack is declared (${documented.length}${undeclared.length ? `; not declared: ${undeclared.join(", ")}` : ""})`);
}

console.log(`terraform: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
