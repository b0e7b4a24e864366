variable "location" {
  description = "Azure region."
  type        = string
}

variable "name" {
  description = "Prefix of every resource name (letters and digits; the storage account name derives from it)."
  type        = string
  default     = "sfcognitosso"
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

variable "cors_allowed_origins" {
  description = "Cors__AllowedOrigins__N: the origins of the pages that call the validator from a browser (a Visualforce page, a canvas app), e.g. [\"https://acme--c.vf.force.com\"]. None by default: server-side callers need none."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for origin in var.cors_allowed_origins : can(regex("^https://[^/]+$", origin))])
    error_message = "Each CORS origin is https://host[:port], with no path."
  }
}

variable "cognito_user_pool_id" {
  description = "The pool from infra/terraform/aws (output user_pool_id)."
  type        = string
}

variable "aws_validator_role_arn" {
  description = "The role the validator assumes with its managed identity (infra/terraform/aws output validator_role_arn)."
  type        = string
}

variable "web_identity_audience" {
  description = "Audience of the Entra ID token exchanged for the AWS role; the same value as the AWS stack's."
  type        = string
  default     = "api://sfcognitosso-aws"
}

variable "cognito_app_client_id" {
  description = "Ticket__ClientIds__0: the app client users sign in with (AWS output user_pool_client_id); Verify accepts a ticket only for the client it names."
  type        = string
}

variable "exchange_client_id" {
  description = "Exchange__ClientId: the app client for POST /oauth2/token (AWS output exchange_client_id); empty turns it off."
  type        = string
  default     = ""
}

variable "canvas_consumer_secrets" {
  description = "Canvas app consumer secrets by org ID (as in salesforce_orgs): signed requests from those orgs are accepted (Salesforce__Orgs__N__CanvasConsumerSecret, kept in Key Vault)."
  type        = map(string)
  default     = {}
  sensitive   = true
}

variable "exchange_client_secret" {
  description = "Exchange__ClientSecret: the exchange client's secret (AWS output exchange_client_secret); stored in Key Vault."
  type        = string
  default     = ""
  sensitive   = true
}

variable "cache_redis" {
  description = "Optional Redis connection string shared with the verify trigger."
  type        = string
  default     = ""
  sensitive   = true
}

variable "ticket_signing_key_secret_name" {
  description = "The Key Vault secret holding the validator's ES256 private key (PEM, P-256), written outside Terraform (docs/deploy.md) so that the key never enters Terraform state. Its public half is the AWS stack's ticket_public_key."
  type        = string
  default     = "ticket-signing-key"
}

variable "rate_limit_per_minute" {
  description = "Validations per client address per minute."
  type        = number
  default     = 120
}

variable "integration_subnet_id" {
  description = "Subnet for the Function App's VNet integration (delegated to Microsoft.Web/serverFarms, with the Microsoft.KeyVault and Microsoft.Storage service endpoints): the only network, beside admin_ip_ranges, that reaches the Key Vault and the storage account."
  type        = string
}

variable "admin_ip_ranges" {
  description = "Public addresses or CIDR ranges of whoever runs Terraform (it writes the secrets and manages the storage account), e.g. [\"203.0.113.10\"]."
  type        = list(string)
  default     = []
}

variable "single_sign_out_enabled" {
  description = "Single sign-out on or off: the same input as the AWS stack's (which grants the validator AdminUserGlobalSignOut); set both from one value. Off, sign_out_connected_apps is not applied; on, at least one org's events app is required."
  type        = bool
  default     = false
}

variable "sign_out_connected_apps" {
  description = "Single sign-out: per org ID (as in salesforce_orgs), the events app (the SfCognitoSso_Events External Client App that sfsso salesforce deploy puts into the org, or an existing connected app; client credentials flow, opaque tokens) whose token reads LogoutEventStream and UserChangeEvent (Salesforce__Orgs__N__Events__ClientId / __ClientSecret; the secret is kept in Key Vault). Applied only with single_sign_out_enabled."
  type = map(object({
    client_id     = string
    client_secret = string
  }))
  default   = {}
  sensitive = true
}

variable "outbound_nat_gateway" {
  description = "A NAT gateway with one static public address on the integration subnet: every call the validator makes (Salesforce, Cognito) leaves from that address, which goes in the events run-as user's login IP ranges (Salesforce freezes API users calling from addresses it rates high-risk). Off: the subnet's own outbound path decides, and the addresses may change."
  type        = bool
  default     = true
}
