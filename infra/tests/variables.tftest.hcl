# Input checks: a bad value fails the plan with a message, before anything is created.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  lambda_zip_path = "tests/fixtures/lambda.zip"
}

run "an_unsupported_runtime_is_rejected" {
  command = plan

  variables {
    lambda_runtime = "nodejs20.x"
  }

  expect_failures = [var.lambda_runtime]
}

run "an_unknown_target_is_rejected" {
  command = plan

  variables {
    target = "localstack"
  }

  expect_failures = [var.target]
}

run "a_zero_throttling_rate_is_rejected" {
  command = plan

  variables {
    throttling_rate_limit = 0
  }

  expect_failures = [var.throttling_rate_limit]
}

run "a_zero_throttling_burst_is_rejected" {
  command = plan

  variables {
    throttling_burst_limit = 0
  }

  expect_failures = [var.throttling_burst_limit]
}

run "a_retention_cloudwatch_does_not_offer_is_rejected" {
  command = plan

  variables {
    log_retention_days = 0
  }

  expect_failures = [var.log_retention_days]
}

run "a_missing_package_is_rejected_with_a_hint_to_build" {
  command = plan

  variables {
    lambda_zip_path = "tests/fixtures/no-such-package.zip"
  }

  expect_failures = [var.lambda_zip_path]
}

run "an_endpoint_with_a_path_is_rejected" {
  command = plan

  variables {
    target   = "local"
    endpoint = "localhost:4566"
  }

  expect_failures = [var.endpoint]
}

run "a_wildcard_cors_origin_is_rejected" {
  command = plan

  variables {
    cors_allowed_origins = ["*"]
  }

  expect_failures = [var.cors_allowed_origins]
}

run "a_cors_origin_with_a_path_is_rejected" {
  command = plan

  variables {
    cors_allowed_origins = ["https://app.example.com/"]
  }

  expect_failures = [var.cors_allowed_origins]
}
