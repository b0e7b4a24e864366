variable "region" {
  description = "AWS region of the user pool and the trigger functions."
  type        = string
}

variable "name" {
  description = "Prefix of every resource name."
  type        = string
  default     = "sfcognitosso"
}

variable "bootstrap_zip" {
  description = "Zip holding the NativeAOT `bootstrap` (dotnet publish src/Hosts/Lambda -c Release -r linux-x64 -p:PublishAot=true)."
  type        = string
}

variable "salesforce_orgs" {
  description = "Trusted Salesforce orgs (checked by modules/salesforce-settings): org ID, My Domain URL and, for JWT-based access tokens, the sign-in app's consumer keys (sfsso salesforce deploy prints the whole entry). The same value in both stacks."
  type = list(object({
    org_id         = string
    instance_url   = string
    jwt_client_ids = optional(list(string), [])
  }))
}

variable "salesforce_endpoint" {
  description = "Salesforce__Endpoint: ChatterUsersMe or UserInfo (Email mode needs UserInfo). The same value in both stacks: the validator and the verify trigger must ask Salesforce the same question."
  type        = string
  default     = "ChatterUsersMe"

  validation {
    condition     = contains(["ChatterUsersMe", "UserInfo"], var.salesforce_endpoint)
    error_message = "salesforce_endpoint must be ChatterUsersMe or UserInfo."
  }
}

variable "identity_key" {
  description = "Identity__Key: SalesforceUserId (default) or Email. The same value in both stacks: the validator finds users by it and the verify trigger checks them by it."
  type        = string
  default     = "SalesforceUserId"

  validation {
    condition     = contains(["SalesforceUserId", "Email"], var.identity_key)
    error_message = "identity_key must be SalesforceUserId or Email."
  }
}

variable "max_attempts" {
  description = "Wrong answers before a sign-in fails."
  type        = number
  default     = 3
}

variable "cache_redis_enabled" {
  description = "Share the validator's Salesforce checks with the verify trigger through Redis. The connection string lives in the SSM SecureString /<name>/cache-redis (set it with aws ssm put-parameter), never in Terraform or the function's environment."
  type        = bool
  default     = false
}

variable "ticket_public_key" {
  description = "The validator's ES256 public key (PEM or JWK; the private half is in the Azure stack's Key Vault, written outside Terraform): the verify trigger accepts the validator's tickets with it (one Salesforce call per sign-in) and checks the shared cache entries the validator signed. Public, fine in the environment. Required with cache_redis_enabled."
  type        = string
  default     = ""
}

variable "refresh_token_hours" {
  description = "Refresh token lifetime: how long a user deactivated in Salesforce can keep refreshing Cognito tokens."
  type        = number
  default     = 2
}

variable "refresh_token_rotation" {
  description = "Refresh token rotation on the app clients: every refresh (GetTokensFromRefreshToken) hands out a new refresh token and REFRESH_TOKEN_AUTH is no longer allowed. Our .NET client, JS module and sfsso refresh with GetTokensFromRefreshToken, as Amplify >= 6.15.4 does; older clients that use REFRESH_TOKEN_AUTH stop refreshing."
  type        = bool
  default     = false
}

variable "refresh_token_retry_grace_seconds" {
  description = "With refresh_token_rotation, how long a replaced refresh token still works (0-60 s): room for a client's retry after a lost answer."
  type        = number
  default     = 10
  validation {
    condition     = var.refresh_token_retry_grace_seconds >= 0 && var.refresh_token_retry_grace_seconds <= 60 && floor(var.refresh_token_retry_grace_seconds) == var.refresh_token_retry_grace_seconds
    error_message = "refresh_token_retry_grace_seconds must be a whole number of seconds from 0 to 60, as Cognito allows."
  }
}

variable "trigger_runtime" {
  description = "provided.al2023 (the NativeAOT bootstrap zip, fastest cold start) or dotnet10 (a zip of `dotnet publish src/Hosts/Lambda`: the build targets net10.0, which only Lambda's dotnet10 runtime runs)."
  type        = string
  default     = "provided.al2023"
  validation {
    condition     = contains(["provided.al2023", "dotnet10"], var.trigger_runtime)
    error_message = "trigger_runtime must be provided.al2023 or dotnet10 (the build targets .NET 10)."
  }
}

variable "pre_token_generation_version" {
  description = "V1_0 (every tier) adds sf_org_id/sf_user_id to the ID token; V2_0 to the access token too, and needs the pool on the Essentials or Plus feature plan (Cognito refuses V2_0 on Lite)."
  type        = string
  default     = "V1_0"
  validation {
    condition     = contains(["V1_0", "V2_0"], var.pre_token_generation_version)
    error_message = "pre_token_generation_version must be V1_0 (every tier) or V2_0 (Essentials or Plus tier only)."
  }
}

variable "exchange_enabled" {
  description = "Grant the validator AdminInitiateAuth/AdminRespondToAuthChallenge for the token exchange (set Exchange__ClientId to user_pool_client_id)."
  type        = bool
  default     = false
}

variable "azure_tenant_id" {
  description = "Entra ID tenant of the Azure-hosted validator; set it (with azure_validator_principal_id) for keyless access."
  type        = string
  default     = ""
}

variable "azure_validator_principal_id" {
  description = "Object ID of the Function App's managed identity (azure output validator_principal_id)."
  type        = string
  default     = ""
}

variable "web_identity_audience" {
  description = "Audience of the Entra ID token the validator presents; the Azure stack's web_identity_audience."
  type        = string
  default     = "api://sfcognitosso-aws"
}

variable "subnet_ids" {
  description = "Optional subnets for the verify function (to reach Redis); empty runs it outside a VPC."
  type        = list(string)
  default     = []
}

variable "security_group_ids" {
  description = "Security groups for the verify function when subnet_ids is set."
  type        = list(string)
  default     = []
}

variable "waf_enabled" {
  description = "Put an AWS WAF web ACL with a per-IP rate-based rule in front of the user pool (its public sign-in API reaches the verify trigger and Salesforce)."
  type        = bool
  default     = true
}

variable "waf_requests_per_5_minutes" {
  description = "Requests one IP may make to the user pool in 5 minutes before WAF blocks it (a sign-in is 2 calls, a refresh 1)."
  type        = number
  default     = 300
  validation {
    condition     = var.waf_requests_per_5_minutes >= 10 && var.waf_requests_per_5_minutes <= 2000000000
    error_message = "waf_requests_per_5_minutes must be between 10 and 2000000000."
  }
}

variable "separate_trigger_functions" {
  description = "One Lambda function per trigger (define, create, verify, pre token generation) instead of one function serving all four (_HANDLER any-trigger): four cold starts on a cold sign-in instead of one."
  type        = bool
  default     = false
}

variable "single_sign_out_enabled" {
  description = "Grant the validator AdminUserGlobalSignOut, for single sign-out (Salesforce__Orgs__N__Events__ClientId set): a Salesforce logout or deactivation revokes the user's Cognito refresh tokens."
  type        = bool
  default     = false
}

variable "access_token_minutes" {
  description = "Lifetime of access and ID tokens. A signed-out user's access token is refused by Cognito at once but stays valid until it expires at resource servers that verify it offline (JWKS), so keep it short."
  type        = number
  default     = 15

  validation {
    condition     = var.access_token_minutes >= 5 && var.access_token_minutes <= 1440
    error_message = "access_token_minutes must be between 5 and 1440 (Cognito's limits)."
  }
}
