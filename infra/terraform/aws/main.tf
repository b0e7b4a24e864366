module "salesforce" {
  source          = "../modules/salesforce-settings"
  salesforce_orgs = var.salesforce_orgs
}

locals {
  # handler: the _HANDLER name the NativeAOT bootstrap serves; method: the managed runtime's handler method.
  triggers = {
    define = { handler = "define-auth-challenge", method = "DefineAuthChallenge", variables = { Challenge__MaxAttempts = tostring(var.max_attempts) } }
    create = { handler = "create-auth-challenge", method = "CreateAuthChallenge", variables = {} }
    token  = { handler = "pre-token-generation", method = "PreTokenGeneration", variables = {} }
    verify = {
      handler = "verify-auth-challenge"
      method  = "VerifyAuthChallenge"
      variables = merge(module.salesforce.settings, {
        Salesforce__Endpoint = var.salesforce_endpoint
        Identity__Key        = var.identity_key
        },
        # No secret in the environment (lambda:GetFunctionConfiguration and the state would show it): the Redis
        # connection is an SSM SecureString read at the cold start; the validator's key is public.
        var.cache_redis_enabled ? { Cache__Redis = "ssm:${aws_ssm_parameter.cache_redis[0].name}" } : {},
        # The validator's public key: Verify accepts its tickets (one Salesforce call per sign-in) and checks the
        # shared cache's entries with it.
      var.ticket_public_key == "" ? {} : { Ticket__PublicKeys__0 = var.ticket_public_key })
    }
  }
  # By default one function serves every trigger (each event says which it is), so a cold sign-in pays one cold
  # start instead of four; separate_trigger_functions keeps one function per trigger.
  one_function = {
    all = { handler = "any-trigger", method = "AnyTrigger", variables = merge(local.triggers.define.variables, local.triggers.verify.variables) }
  }
  functions = var.separate_trigger_functions ? local.triggers : local.one_function
  # The function each of the pool's triggers calls.
  function_of = { for trigger in keys(local.triggers) : trigger => var.separate_trigger_functions ? trigger : "all" }
  # The function that verifies answers (reads the cache secret, may run in the VPC).
  verifies = var.separate_trigger_functions ? "verify" : "all"
}

locals {
  managed_runtime = var.trigger_runtime != "provided.al2023"
  lambda_assumes_role = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
  # The Cognito operations the validator calls: always, in Email mode (ListUsers), and for the token exchange.
  validator_actions_always   = ["cognito-idp:AdminGetUser", "cognito-idp:AdminCreateUser", "cognito-idp:AdminUpdateUserAttributes"]
  validator_actions_email    = ["cognito-idp:ListUsers"]
  validator_actions_exchange = ["cognito-idp:AdminInitiateAuth", "cognito-idp:AdminRespondToAuthChallenge"]
  validator_actions_signout  = ["cognito-idp:AdminUserGlobalSignOut"]
}

resource "aws_iam_role" "triggers" {
  name               = "${var.name}-triggers"
  assume_role_policy = local.lambda_assumes_role
}

resource "aws_iam_role_policy_attachment" "logs" {
  role       = aws_iam_role.triggers.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

# The verify function has its own role: only it may read the cache's secret, and only it runs in the VPC.
resource "aws_iam_role" "verify" {
  name               = "${var.name}-verify"
  assume_role_policy = local.lambda_assumes_role
}

resource "aws_iam_role_policy_attachment" "verify_logs" {
  role       = aws_iam_role.verify.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_iam_role_policy_attachment" "vpc" {
  count      = length(var.subnet_ids) > 0 ? 1 : 0
  role       = aws_iam_role.verify.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

# The Redis connection (with its password) as a SecureString. Terraform creates it with a placeholder and never
# reads or writes the value again, so the secret is in no state file: set it with
#   aws ssm put-parameter --name /<name>/cache-redis --type SecureString --overwrite --value '<connection>'
resource "aws_ssm_parameter" "cache_redis" {
  count = var.cache_redis_enabled ? 1 : 0
  name  = "/${var.name}/cache-redis"
  type  = "SecureString"
  value = "set-with-aws-ssm-put-parameter"
  lifecycle {
    ignore_changes = [value]
  }
}

data "aws_kms_alias" "ssm" {
  name = "alias/aws/ssm"
}

resource "aws_iam_role_policy" "verify_reads_cache_secret" {
  count = var.cache_redis_enabled ? 1 : 0
  name  = "read-cache-secret"
  role  = aws_iam_role.verify.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["ssm:GetParameters"], Resource = aws_ssm_parameter.cache_redis[0].arn },
      {
        Effect    = "Allow", Action = ["kms:Decrypt"], Resource = data.aws_kms_alias.ssm.target_key_arn,
        Condition = { StringEquals = { "kms:ViaService" = "ssm.${var.region}.amazonaws.com" } }
      },
    ]
  })
}

# One package serves every trigger: the NativeAOT bootstrap (provided.al2023, _HANDLER names the trigger) or, with
# trigger_runtime = "dotnet10", the managed build with the Stream handler strings.
resource "aws_lambda_function" "trigger" {
  for_each         = local.functions
  function_name    = "${var.name}-${each.value.handler}"
  role             = each.key == local.verifies ? aws_iam_role.verify.arn : aws_iam_role.triggers.arn
  runtime          = var.trigger_runtime
  architectures    = ["x86_64"]
  handler          = local.managed_runtime ? "SfCognitoSso.Hosts.Lambda::SfCognitoSso.Hosts.Lambda.Triggers::${each.value.method}" : each.value.handler
  filename         = var.bootstrap_zip
  source_code_hash = filebase64sha256(var.bootstrap_zip)
  memory_size      = 256
  timeout          = 5 # Cognito waits 5 s for a trigger

  environment {
    variables = each.value.variables
  }

  dynamic "vpc_config" {
    for_each = each.key == local.verifies && length(var.subnet_ids) > 0 ? [1] : []
    content {
      subnet_ids         = var.subnet_ids
      security_group_ids = var.security_group_ids
    }
  }
}

resource "aws_cognito_user_pool" "users" {
  name = "${var.name}-users"

  username_configuration {
    case_sensitive = true # usernames are sf_<org18>_<user18>, and Salesforce IDs are case-sensitive
  }

  # No self sign-up: usernames are predictable, so only the validator may create users.
  admin_create_user_config {
    allow_admin_create_user_only = true
  }

  schema {
    name                = "sf_org_id"
    attribute_data_type = "String"
    mutable             = true
    string_attribute_constraints {
      min_length = 15
      max_length = 18
    }
  }

  schema {
    name                = "sf_user_id"
    attribute_data_type = "String"
    mutable             = true
    string_attribute_constraints {
      min_length = 15
      max_length = 18
    }
  }

  # Single sign-out's mark (Unix seconds): Verify refuses any ticket or cached answer made before it. Written by the
  # sign-out's AdminUpdateUserAttributes only; no app client lists it in write_attributes, so no user can clear it.
  schema {
    name                = "sf_signout_at"
    attribute_data_type = "String"
    mutable             = true
    string_attribute_constraints {
      min_length = 1
      max_length = 12
    }
  }

  lambda_config {
    define_auth_challenge          = aws_lambda_function.trigger[local.function_of.define].arn
    create_auth_challenge          = aws_lambda_function.trigger[local.function_of.create].arn
    verify_auth_challenge_response = aws_lambda_function.trigger[local.function_of.verify].arn
    pre_token_generation_config {
      lambda_arn     = aws_lambda_function.trigger[local.function_of.token].arn
      lambda_version = var.pre_token_generation_version
    }
  }
}

locals {
  # A rotating client may not allow REFRESH_TOKEN_AUTH: refresh then goes through GetTokensFromRefreshToken only.
  client_auth_flows = var.refresh_token_rotation ? ["ALLOW_CUSTOM_AUTH"] : ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
}

resource "aws_cognito_user_pool_client" "app" {
  name                          = "${var.name}-app"
  user_pool_id                  = aws_cognito_user_pool.users.id
  generate_secret               = false
  explicit_auth_flows           = local.client_auth_flows
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true
  # A refresh does not ask Salesforce again: this is how long a user deactivated there keeps getting tokens.
  refresh_token_validity = var.refresh_token_hours
  # A revoked access token stays valid at resource servers that check it offline until it expires: keep it short.
  access_token_validity = var.access_token_minutes
  id_token_validity     = var.access_token_minutes
  token_validity_units {
    refresh_token = "hours"
    access_token  = "minutes"
    id_token      = "minutes"
  }
  # Email, the Salesforce IDs and the sign-out mark are written by the validator only; signed-in users may not
  # change them (Cognito's default lets a user write every mutable attribute with their own access token).
  write_attributes = ["locale", "zoneinfo"]
  dynamic "refresh_token_rotation" {
    for_each = var.refresh_token_rotation ? [1] : []
    content {
      feature                    = "ENABLED"
      retry_grace_period_seconds = var.refresh_token_retry_grace_seconds
    }
  }
}

# The token exchange's own app client: confidential (the validator computes SECRET_HASH with its secret), so the
# refresh tokens it hands out cannot be used from a browser, which never holds the secret.
resource "aws_cognito_user_pool_client" "exchange" {
  count                         = var.exchange_enabled ? 1 : 0
  name                          = "${var.name}-exchange"
  user_pool_id                  = aws_cognito_user_pool.users.id
  generate_secret               = true
  explicit_auth_flows           = local.client_auth_flows
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true
  refresh_token_validity        = var.refresh_token_hours
  access_token_validity         = var.access_token_minutes
  id_token_validity             = var.access_token_minutes
  token_validity_units {
    refresh_token = "hours"
    access_token  = "minutes"
    id_token      = "minutes"
  }
  write_attributes = ["locale", "zoneinfo"]
  dynamic "refresh_token_rotation" {
    for_each = var.refresh_token_rotation ? [1] : []
    content {
      feature                    = "ENABLED"
      retry_grace_period_seconds = var.refresh_token_retry_grace_seconds
    }
  }
}

resource "aws_lambda_permission" "cognito" {
  for_each      = aws_lambda_function.trigger
  statement_id  = "AllowCognito"
  action        = "lambda:InvokeFunction"
  function_name = each.value.function_name
  principal     = "cognito-idp.amazonaws.com"
  source_arn    = aws_cognito_user_pool.users.arn
}

# What the validator host (Kestrel or Functions) needs on the pool; attach it to the validator's role or user.
resource "aws_iam_policy" "validator" {
  name = "${var.name}-validator"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = concat(
        local.validator_actions_always,
        var.identity_key == "Email" ? local.validator_actions_email : [],
        var.exchange_enabled ? local.validator_actions_exchange : [],
      var.single_sign_out_enabled ? local.validator_actions_signout : [])
      Resource = aws_cognito_user_pool.users.arn
    }]
  })
}

# Keyless access from Azure: AWS trusts Entra ID tokens of one managed identity for one audience, and that identity
# may assume the validator's role (Cognito__RoleArn) and nothing else.
locals {
  keyless      = var.azure_tenant_id != "" && var.azure_validator_principal_id != ""
  entra_issuer = "sts.windows.net/${var.azure_tenant_id}/"
}

resource "aws_iam_openid_connect_provider" "entra" {
  count          = local.keyless ? 1 : 0
  url            = "https://${local.entra_issuer}"
  client_id_list = [var.web_identity_audience]
}

resource "aws_iam_role" "validator" {
  count = local.keyless ? 1 : 0
  name  = "${var.name}-validator"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.entra[0].arn }
      Condition = {
        StringEquals = {
          "${local.entra_issuer}:aud" = var.web_identity_audience
          "${local.entra_issuer}:sub" = var.azure_validator_principal_id
        }
      }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "validator" {
  count      = local.keyless ? 1 : 0
  role       = aws_iam_role.validator[0].name
  policy_arn = aws_iam_policy.validator.arn
}

# Cognito's public InitiateAuth/RespondToAuthChallenge reach the verify trigger (and so Salesforce) with no limit of
# ours: a rate-based rule per client IP in front of the pool, on by default.
resource "aws_wafv2_web_acl" "pool" {
  count       = var.waf_enabled ? 1 : 0
  name        = "${var.name}-user-pool"
  scope       = "REGIONAL"
  description = "Per-IP rate limit on the user pool's public API"

  default_action {
    allow {}
  }

  rule {
    name     = "rate-per-ip"
    priority = 1

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit                 = var.waf_requests_per_5_minutes
        aggregate_key_type    = "IP"
        evaluation_window_sec = 300
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-rate-per-ip"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${var.name}-user-pool"
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_web_acl_association" "pool" {
  count        = var.waf_enabled ? 1 : 0
  resource_arn = aws_cognito_user_pool.users.arn
  web_acl_arn  = aws_wafv2_web_acl.pool[0].arn
}
