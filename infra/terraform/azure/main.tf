module "salesforce" {
  source          = "../modules/salesforce-settings"
  salesforce_orgs = var.salesforce_orgs
}

resource "azurerm_resource_group" "validator" {
  name     = "${var.name}-rg"
  location = var.location
}

data "azurerm_client_config" "current" {}

# Secrets stay in Key Vault; the app settings only reference them, read with the app's own identity.
resource "azurerm_key_vault" "validator" {
  name                       = substr(replace("${var.name}kv", "-", ""), 0, 24)
  resource_group_name        = azurerm_resource_group.validator.name
  location                   = azurerm_resource_group.validator.location
  tenant_id                  = data.azurerm_client_config.current.tenant_id
  sku_name                   = "standard"
  purge_protection_enabled   = true
  rbac_authorization_enabled = true
}

resource "azurerm_key_vault_secret" "cache_redis" {
  count        = var.cache_redis == "" ? 0 : 1
  name         = "cache-redis"
  value        = var.cache_redis
  key_vault_id = azurerm_key_vault.validator.id
}

resource "azurerm_key_vault_secret" "cache_signing_key" {
  count        = var.cache_signing_key == "" ? 0 : 1
  name         = "cache-signing-key"
  value        = var.cache_signing_key
  key_vault_id = azurerm_key_vault.validator.id
}

resource "azurerm_role_assignment" "validator_reads_secrets" {
  scope                = azurerm_key_vault.validator.id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_linux_function_app.validator.identity[0].principal_id
}

resource "azurerm_storage_account" "functions" {
  name                     = substr(replace("${var.name}fn", "-", ""), 0, 24)
  resource_group_name      = azurerm_resource_group.validator.name
  location                 = azurerm_resource_group.validator.location
  account_tier             = "Standard"
  account_replication_type = "LRS"
  min_tls_version          = "TLS1_2"
}

resource "azurerm_service_plan" "validator" {
  name                = "${var.name}-plan"
  resource_group_name = azurerm_resource_group.validator.name
  location            = azurerm_resource_group.validator.location
  os_type             = "Linux"
  sku_name            = "EP1" # premium: no cold start in front of a sign-in
}

# Deploy the output of `dotnet publish src/Hosts/Functions -c Release` to this app (zip deploy).
resource "azurerm_linux_function_app" "validator" {
  name                       = "${var.name}-validator"
  resource_group_name        = azurerm_resource_group.validator.name
  location                   = azurerm_resource_group.validator.location
  service_plan_id            = azurerm_service_plan.validator.id
  storage_account_name       = azurerm_storage_account.functions.name
  storage_account_access_key = azurerm_storage_account.functions.primary_access_key
  https_only                 = true

  # Its Entra ID tokens (audience web_identity_audience) are what AWS trusts: no AWS key is stored on this side.
  identity {
    type = "SystemAssigned"
  }

  site_config {
    minimum_tls_version = "1.2"
    ftps_state          = "Disabled"
    application_stack {
      dotnet_version              = "10.0"
      use_dotnet_isolated_runtime = true
    }
  }

  app_settings = merge(module.salesforce.settings, {
    Directory__Provider          = "Cognito"
    Cognito__UserPoolId          = var.cognito_user_pool_id
    Cognito__RoleArn             = var.aws_validator_role_arn
    Cognito__WebIdentityAudience = var.web_identity_audience
    Exchange__ClientId           = var.exchange_client_id
    RateLimit__PermitPerMinute   = tostring(var.rate_limit_per_minute)
    Cache__Redis                 = var.cache_redis == "" ? "" : "@Microsoft.KeyVault(SecretUri=${azurerm_key_vault_secret.cache_redis[0].versionless_id})"
    Cache__SigningKey            = var.cache_signing_key == "" ? "" : "@Microsoft.KeyVault(SecretUri=${azurerm_key_vault_secret.cache_signing_key[0].versionless_id})"
    # The worker receives requests from the Functions host on loopback; trust its X-Forwarded-For so rate limiting
    # sees the client, not the host. Check the chain in your deployment before relying on per-client limits.
    ForwardedHeaders__KnownProxies__0 = "127.0.0.1"
    ForwardedHeaders__KnownProxies__1 = "::1"
  })
}
