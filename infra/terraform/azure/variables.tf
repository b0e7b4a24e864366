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
  description = "Trusted Salesforce orgs (checked by modules/salesforce-settings)."
  type = list(object({
    org_id       = string
    instance_url = string
  }))
}

variable "cognito_user_pool_id" {
  description = "The pool from infra/terraform/aws (output user_pool_id)."
  type        = string
}

variable "aws_access_key_id" {
  description = "Credentials of an AWS identity holding the validator policy (output validator_policy_arn)."
  type        = string
  sensitive   = true
}

variable "aws_secret_access_key" {
  description = "Secret of that identity."
  type        = string
  sensitive   = true
}

variable "cache_redis" {
  description = "Optional Redis connection string shared with the verify trigger."
  type        = string
  default     = ""
  sensitive   = true
}

variable "cache_signing_key" {
  description = "Base64 key (at least 32 random bytes) signing the shared cache's entries; required with cache_redis, the same as the triggers'."
  type        = string
  default     = ""
  sensitive   = true
}

variable "rate_limit_per_minute" {
  description = "Validations per client address per minute."
  type        = number
  default     = 120
}
