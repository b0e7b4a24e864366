output "validator_principal_id" {
  description = "The Function App's managed identity (object ID): the AWS stack's azure_validator_principal_id."
  value       = azurerm_linux_function_app.validator.identity[0].principal_id
}

output "validator_url" {
  description = "POST {validator_url}/v1/sessions/validate"
  value       = "https://${azurerm_linux_function_app.validator.default_hostname}"
}

output "ticket_public_key" {
  description = "The validator's ES256 public key (PEM): the AWS stack's ticket_public_key, so Verify accepts its tickets."
  value       = var.ticket_signing_key != "" ? "" : tls_private_key.ticket[0].public_key_pem
}
