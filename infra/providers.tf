locals {
  # The services this configuration calls: with target = "local" every one of them goes to the emulator.
  provider_services = ["apigatewayv2", "cloudwatchlogs", "dynamodb", "iam", "lambda", "sts"]

  is_local_target = var.target == "local"

  # Everything the provider block gets that depends on the target, in one value the tests can read
  # (mock providers do not expose provider configuration). null means "not set": the provider's own
  # defaults and credential chain apply, exactly as if the argument were not written.
  provider_settings = {
    access_key                  = local.is_local_target ? "test" : null
    secret_key                  = local.is_local_target ? "test" : null
    skip_credentials_validation = local.is_local_target ? true : null
    skip_metadata_api_check     = local.is_local_target ? true : null
    skip_requesting_account_id  = local.is_local_target ? true : null
    endpoints                   = local.is_local_target ? { for service in local.provider_services : service => var.endpoint } : {}
  }
}

provider "aws" {
  region = var.region

  access_key                  = local.provider_settings.access_key
  secret_key                  = local.provider_settings.secret_key
  skip_credentials_validation = local.provider_settings.skip_credentials_validation
  skip_metadata_api_check     = local.provider_settings.skip_metadata_api_check
  skip_requesting_account_id  = local.provider_settings.skip_requesting_account_id

  dynamic "endpoints" {
    for_each = length(local.provider_settings.endpoints) > 0 ? [local.provider_settings.endpoints] : []
    content {
      apigatewayv2   = endpoints.value.apigatewayv2
      cloudwatchlogs = endpoints.value.cloudwatchlogs
      dynamodb       = endpoints.value.dynamodb
      iam            = endpoints.value.iam
      lambda         = endpoints.value.lambda
      sts            = endpoints.value.sts
    }
  }

  default_tags {
    tags = {
      project    = "notes-api"
      prefix     = var.prefix
      managed-by = "terraform"
    }
  }
}
