output "validator_principal_id" {
  description = "The Function App's managed identity (object ID): the AWS stack's azure_validator_principal_id."
  value       = azurerm_linux_function_app.validator.identity[0].principal_id
}

output "validator_url" {
  description = "POST {validator_url}/v1/sessions/validate"
  value       = "https://${azurerm_linux_function_app.validator.default_hostname}"
}

output "key_vault_name" {
  description = "The stack's Key Vault: write the validator's ticket signing key here (docs/deploy.md), outside Terraform."
  value       = azurerm_key_vault.validator.name
}
