# The trusted orgs as the product's settings (Salesforce__Orgs__N__OrgId / __InstanceUrl), for any host's
# environment: one place that knows the setting names and refuses an org that is not https.
variable "salesforce_orgs" {
  description = "Trusted Salesforce orgs: 15- or 18-character org ID, the org's My Domain URL (https) and, for JWT-based access tokens, the sign-in app's consumer keys (sfsso salesforce deploy prints them)."
  type = list(object({
    org_id         = string
    instance_url   = string
    jwt_client_ids = optional(list(string), [])
  }))

  validation {
    condition     = length(var.salesforce_orgs) > 0 && alltrue([for org in var.salesforce_orgs : startswith(org.instance_url, "https://")])
    error_message = "At least one org is required, and every instance_url must be https."
  }
}

output "settings" {
  description = "Environment variables / app settings naming the trusted orgs."
  value = merge(concat([
    for index, org in var.salesforce_orgs : {
      "Salesforce__Orgs__${index}__OrgId"       = org.org_id
      "Salesforce__Orgs__${index}__InstanceUrl" = org.instance_url
    }
    ], [
    for index, org in var.salesforce_orgs : {
      for position, client_id in org.jwt_client_ids : "Salesforce__Orgs__${index}__Jwt__ClientIds__${position}" => client_id
    }
  ])...)
}
