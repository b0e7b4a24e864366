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

  # Reachable only from the app's integration subnet and the deployers' addresses, not from every network.
  network_acls {
    default_action             = "Deny"
    bypass                     = "AzureServices"
    ip_rules                   = var.admin_ip_ranges
    virtual_network_subnet_ids = [var.integration_subnet_id]
  }
}

# Whoever runs Terraform writes the secrets: the vault uses RBAC, so that takes a data-plane role of its own.
resource "azurerm_role_assignment" "deployer_manages_secrets" {
  scope                = azurerm_key_vault.validator.id
  role_definition_name = "Key Vault Secrets Officer"
  principal_id         = data.azurerm_client_config.current.object_id
}

resource "azurerm_key_vault_secret" "cache_redis" {
  count        = var.cache_redis == "" ? 0 : 1
  name         = "cache-redis"
  value        = var.cache_redis
  key_vault_id = azurerm_key_vault.validator.id
  depends_on   = [azurerm_role_assignment.deployer_manages_secrets]
}

resource "azurerm_key_vault_secret" "exchange_client_secret" {
  count        = var.exchange_client_secret == "" ? 0 : 1
  name         = "exchange-client-secret"
  value        = var.exchange_client_secret
  key_vault_id = azurerm_key_vault.validator.id
  depends_on   = [azurerm_role_assignment.deployer_manages_secrets]
}

# One secret per org with a canvas app, referenced as Salesforce__Orgs__N__CanvasConsumerSecret at that org's index.
resource "azurerm_key_vault_secret" "canvas_consumer_secret" {
  for_each     = { for index, org in var.salesforce_orgs : tostring(index) => org.org_id if contains(nonsensitive(keys(var.canvas_consumer_secrets)), org.org_id) }
  name         = "canvas-consumer-secret-${each.value}"
  value        = var.canvas_consumer_secrets[each.value]
  key_vault_id = azurerm_key_vault.validator.id
  depends_on   = [azurerm_role_assignment.deployer_manages_secrets]
}

# Single sign-out: one events app per org (the External Client App infra/salesforce deploys, or an existing connected
# app; client credentials flow), its secret in Key Vault, referenced as
# Salesforce__Orgs__N__Events__ClientSecret at that org's index; the client ID is not a secret.
resource "azurerm_key_vault_secret" "events_client_secret" {
  for_each     = { for index, org in var.salesforce_orgs : tostring(index) => org.org_id if contains(nonsensitive(keys(local.sign_out_connected_apps)), org.org_id) }
  name         = "events-client-secret-${each.value}"
  value        = local.sign_out_connected_apps[each.value].client_secret
  key_vault_id = azurerm_key_vault.validator.id
  depends_on   = [azurerm_role_assignment.deployer_manages_secrets]
}

locals {
  # Single sign-out follows one input, the same as the AWS stack's: its events apps apply only when it is on.
  sign_out_connected_apps = var.single_sign_out_enabled ? var.sign_out_connected_apps : {}
}

# The validator's ES256 signing key (tickets, shared cache entries, replay positions) can sign anyone in, so it never
# passes through Terraform: no tls_private_key, no secret value here, nothing of it in state. It is made outside and
# written to this vault as the secret var.ticket_signing_key_secret_name (docs/deploy.md); the app setting references
# it by name, so the reference is versionless: after writing a new version, restart the app.

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
  # The app reaches its storage with its identity: no account key exists to leak from the app settings.
  shared_access_key_enabled = false

  network_rules {
    default_action             = "Deny"
    bypass                     = ["AzureServices"]
    ip_rules                   = var.admin_ip_ranges
    virtual_network_subnet_ids = [var.integration_subnet_id]
  }
}

# Identity-based AzureWebJobsStorage: the roles the Functions host needs on its storage account.
resource "azurerm_role_assignment" "validator_uses_storage" {
  for_each             = toset(["Storage Blob Data Owner", "Storage Queue Data Contributor", "Storage Table Data Contributor"])
  scope                = azurerm_storage_account.functions.id
  role_definition_name = each.value
  principal_id         = azurerm_linux_function_app.validator.identity[0].principal_id
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
  name                          = "${var.name}-validator"
  resource_group_name           = azurerm_resource_group.validator.name
  location                      = azurerm_resource_group.validator.location
  service_plan_id               = azurerm_service_plan.validator.id
  storage_account_name          = azurerm_storage_account.functions.name
  storage_uses_managed_identity = true
  https_only                    = true
  # Outbound traffic (Key Vault references, storage, AWS, Salesforce) leaves through the integration subnet.
  virtual_network_subnet_id = var.integration_subnet_id

  lifecycle {
    precondition {
      condition     = !var.single_sign_out_enabled || length(nonsensitive(keys(var.sign_out_connected_apps))) > 0
      error_message = "single_sign_out_enabled needs the events app (sfsso salesforce deploy prints its consumer key) of at least one org in sign_out_connected_apps."
    }
    # The Premium plan scales out: without Redis no lease keeps every instance from acting on every event.
    precondition {
      condition     = !var.single_sign_out_enabled || nonsensitive(var.cache_redis) != ""
      error_message = "single_sign_out_enabled needs cache_redis: the plan runs several instances, and only one may read each org's events (a lease in Redis)."
    }
  }

  # Its Entra ID tokens (audience web_identity_audience) are what AWS trusts: no AWS key is stored on this side.
  identity {
    type = "SystemAssigned"
  }

  site_config {
    minimum_tls_version    = "1.2"
    ftps_state             = "Disabled"
    vnet_route_all_enabled = true
    application_stack {
      dotnet_version              = "10.0"
      use_dotnet_isolated_runtime = true
    }
  }

  app_settings = merge(module.salesforce.settings, {
    for index, secret in azurerm_key_vault_secret.canvas_consumer_secret :
    "Salesforce__Orgs__${index}__CanvasConsumerSecret" => "@Microsoft.KeyVault(SecretUri=${secret.id})"
    }, {
    for index, secret in azurerm_key_vault_secret.events_client_secret :
    "Salesforce__Orgs__${index}__Events__ClientSecret" => "@Microsoft.KeyVault(SecretUri=${secret.id})"
    }, {
    for index, org in var.salesforce_orgs :
    "Salesforce__Orgs__${index}__Events__ClientId" => local.sign_out_connected_apps[org.org_id].client_id if contains(nonsensitive(keys(local.sign_out_connected_apps)), org.org_id)
    }, {
    for index, origin in var.cors_allowed_origins : "Cors__AllowedOrigins__${index}" => origin
    }, {
    Directory__Provider          = "Cognito"
    Identity__Key                = var.identity_key
    Salesforce__Endpoint         = var.salesforce_endpoint
    Cognito__UserPoolId          = var.cognito_user_pool_id
    Cognito__RoleArn             = var.aws_validator_role_arn
    Cognito__WebIdentityAudience = var.web_identity_audience
    Exchange__ClientId           = var.exchange_client_id
    Ticket__ClientIds__0         = var.cognito_app_client_id
    RateLimit__PermitPerMinute   = tostring(var.rate_limit_per_minute)
    # Versioned references: a rotation through Terraform writes a new version, so the reference itself changes and
    # the app re-reads it at once (a versionless reference is refreshed only on the platform's schedule, up to a day).
    Cache__Redis           = var.cache_redis == "" ? "" : "@Microsoft.KeyVault(SecretUri=${azurerm_key_vault_secret.cache_redis[0].id})"
    Ticket__SigningKey     = "@Microsoft.KeyVault(VaultName=${azurerm_key_vault.validator.name};SecretName=${var.ticket_signing_key_secret_name})"
    Exchange__ClientSecret = var.exchange_client_secret == "" ? "" : "@Microsoft.KeyVault(SecretUri=${azurerm_key_vault_secret.exchange_client_secret[0].id})"
    # Zip deploy runs from the package: no Azure Files content share, which would need an account key.
    WEBSITE_RUN_FROM_PACKAGE = "1"
    # No ForwardedHeaders__KnownProxies: the Functions host sets X-Forwarded-For from its own connection and the
    # worker's ASP.NET Core integration applies it, so the validator already sees the host's view of the client.
  })
}

# One fixed egress address for the validator, so the org can pin its run-as user to it (login IP ranges).
resource "azurerm_public_ip" "outbound" {
  count               = var.outbound_nat_gateway ? 1 : 0
  name                = "${var.name}-outbound"
  resource_group_name = azurerm_resource_group.validator.name
  location            = azurerm_resource_group.validator.location
  allocation_method   = "Static"
  sku                 = "Standard"
}

resource "azurerm_nat_gateway" "outbound" {
  count               = var.outbound_nat_gateway ? 1 : 0
  name                = "${var.name}-nat"
  resource_group_name = azurerm_resource_group.validator.name
  location            = azurerm_resource_group.validator.location
  sku_name            = "Standard"
}

resource "azurerm_nat_gateway_public_ip_association" "outbound" {
  count                = var.outbound_nat_gateway ? 1 : 0
  nat_gateway_id       = azurerm_nat_gateway.outbound[0].id
  public_ip_address_id = azurerm_public_ip.outbound[0].id
}

resource "azurerm_subnet_nat_gateway_association" "outbound" {
  count          = var.outbound_nat_gateway ? 1 : 0
  subnet_id      = var.integration_subnet_id
  nat_gateway_id = azurerm_nat_gateway.outbound[0].id
}
