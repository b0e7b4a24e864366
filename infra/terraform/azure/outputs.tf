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

output "validator_outbound_ip_addresses" {
  description = "Where the validator's calls to Salesforce come from: put them in the events run-as user's login IP ranges (Setup, Profiles, Login IP Ranges)."
  value       = var.outbound_nat_gateway ? [azurerm_public_ip.outbound[0].ip_address] : azurerm_linux_function_app.validator.possible_outbound_ip_address_list
}

output "resource_group_name" {
  description = "The stack's resource group: az functionapp deployment source config-zip -g <this> -n <function_app_name>."
  value       = azurerm_resource_group.validator.name
}

output "function_app_name" {
  description = "The validator's Function App (its name is globally unique: name is the prefix of every resource)."
  value       = azurerm_linux_function_app.validator.name
}
