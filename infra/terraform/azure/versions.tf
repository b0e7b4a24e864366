terraform {
  required_version = ">= 1.6"
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.0"
    }
  }
}

provider "azurerm" {
  features {}
  # The storage account has no shared keys: Terraform manages it with Entra ID as well.
  storage_use_azuread = true
}
