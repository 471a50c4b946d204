# `target` decides the provider configuration and nothing else. A mock provider does not expose its
# configuration, so these runs check local.provider_settings: the provider block in providers.tf passes
# each of its fields straight through (and builds `endpoints` only from it).

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  lambda_zip_path = "tests/fixtures/lambda.zip"
}

run "target_aws_sets_no_endpoint_credential_or_skip" {
  command = plan

  variables {
    target = "aws"
  }

  assert {
    condition     = length(local.provider_settings.endpoints) == 0
    error_message = "target=aws points services at custom endpoints"
  }

  assert {
    condition     = local.provider_settings.access_key == null && local.provider_settings.secret_key == null
    error_message = "target=aws sets static credentials instead of the usual credential chain"
  }

  assert {
    condition = (
      local.provider_settings.skip_credentials_validation == null
      && local.provider_settings.skip_metadata_api_check == null
      && local.provider_settings.skip_requesting_account_id == null
    )
    error_message = "target=aws skips a check the provider makes against a real account"
  }
}

run "target_local_points_every_service_at_the_emulator_with_dummy_credentials" {
  command = plan

  variables {
    target   = "local"
    endpoint = "http://127.0.0.1:4599"
  }

  assert {
    condition = (
      toset(keys(local.provider_settings.endpoints)) == toset(["apigatewayv2", "cloudwatchlogs", "dynamodb", "iam", "lambda", "sts"])
      && alltrue([for url in values(local.provider_settings.endpoints) : url == "http://127.0.0.1:4599"])
    )
    error_message = "target=local does not send every service this stack uses to the endpoint"
  }

  assert {
    condition     = local.provider_settings.access_key == "test" && local.provider_settings.secret_key == "test"
    error_message = "target=local does not use dummy credentials"
  }

  assert {
    condition = (
      local.provider_settings.skip_credentials_validation
      && local.provider_settings.skip_metadata_api_check
      && local.provider_settings.skip_requesting_account_id
    )
    error_message = "target=local still makes the credential, metadata or account-id check"
  }
}

run "target_leaves_the_resources_unchanged" {
  command = plan

  variables {
    target = "local"
  }

  assert {
    condition = (
      aws_lambda_function.api.runtime == "nodejs22.x"
      && aws_dynamodb_table.notes.billing_mode == "PAY_PER_REQUEST"
      && length(aws_apigatewayv2_route.notes) == length(jsondecode(file("../src/handlers/routes.json")))
    )
    error_message = "target=local changes a resource"
  }
}
