output "user_pool_id" {
  description = "Cognito__UserPoolId for the validator."
  value       = aws_cognito_user_pool.users.id
}

output "user_pool_client_id" {
  description = "App client for InitiateAuth CUSTOM_AUTH."
  value       = aws_cognito_user_pool_client.app.id
}

output "exchange_client_id" {
  description = "Exchange__ClientId for the validator when exchange_enabled: the exchange's own confidential client."
  value       = var.exchange_enabled ? aws_cognito_user_pool_client.exchange[0].id : ""
}

output "exchange_client_secret" {
  description = "Exchange__ClientSecret for the validator (the Azure stack's exchange_client_secret, kept in Key Vault)."
  value       = var.exchange_enabled ? aws_cognito_user_pool_client.exchange[0].client_secret : ""
  sensitive   = true
}

output "validator_role_arn" {
  description = "Cognito__RoleArn for the Azure-hosted validator (empty until azure_tenant_id and azure_validator_principal_id are set)."
  value       = local.keyless ? aws_iam_role.validator[0].arn : ""
}

output "validator_policy_arn" {
  description = "IAM policy to attach to the validator's identity."
  value       = aws_iam_policy.validator.arn
}
