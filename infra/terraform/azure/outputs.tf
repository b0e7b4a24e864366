output "validator_url" {
  description = "POST {validator_url}/v1/sessions/validate"
  value       = "https://${azurerm_linux_function_app.validator.default_hostname}"
}
