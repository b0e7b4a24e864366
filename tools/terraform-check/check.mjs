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
check(triggers?.runtime === "provided.al2023" && triggers?.timeout === 5, "aws: triggers are provided.al2023 with Cognito's 5 s timeout");
check((pool?.schema ?? []).map((schema) => schema.name).sort().join(",") === "sf_org_id,sf_user_id",
  "aws: the pool declares custom:sf_org_id and custom:sf_user_id");
const client = aws.resource?.aws_cognito_user_pool_client?.app?.[0];
check(JSON.stringify(client?.explicit_auth_flows) === JSON.stringify(["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]),
  "aws: the app client allows custom auth and refresh only");
check(pool?.admin_create_user_config?.[0]?.allow_admin_create_user_only === true,
  "aws: no self sign-up (usernames are predictable; only the validator creates users)");
const refreshHours = parsed["aws/variables.tf"]?.variable?.refresh_token_hours?.[0]?.default;
check(client?.token_validity_units?.[0]?.refresh_token === "hours" && refreshHours === 2,
  "aws: refresh tokens last 2 hours by default (the revocation window)");

for (const stack of ["aws", "azure"]) {
  check(parsed[`${stack}/main.tf`]?.module?.salesforce?.[0]?.source === "../modules/salesforce-settings",
    `${stack}: org settings come from modules/salesforce-settings`);
}

console.log(`terraform: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
