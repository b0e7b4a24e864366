module "salesforce" {
  source          = "../modules/salesforce-settings"
  salesforce_orgs = var.salesforce_orgs
}

resource "azurerm_resource_group" "validator" {
  name     = "${var.name}-rg"
  location = var.location
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

  site_config {
    minimum_tls_version = "1.2"
    ftps_state          = "Disabled"
    application_stack {
      dotnet_version              = "10.0"
      use_dotnet_isolated_runtime = true
    }
  }

  app_settings = merge(module.salesforce.settings, {
    Directory__Provider        = "Cognito"
    Cognito__UserPoolId        = var.cognito_user_pool_id
    AWS_ACCESS_KEY_ID          = var.aws_access_key_id
    AWS_SECRET_ACCESS_KEY      = var.aws_secret_access_key
    RateLimit__PermitPerMinute = tostring(var.rate_limit_per_minute)
    Cache__Redis               = var.cache_redis
    Cache__SigningKey          = var.cache_signing_key
    # The worker receives requests from the Functions host on loopback; trust its X-Forwarded-For so rate limiting
    # sees the client, not the host. Check the chain in your deployment before relying on per-client limits.
    ForwardedHeaders__KnownProxies__0 = "127.0.0.1"
    ForwardedHeaders__KnownProxies__1 = "::1"
  })
}
