# The promises of the stack, checked offline against a mock AWS provider: `terraform test` from infra/.
# File paths are relative to infra/, where terraform test runs.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  # The real package is dist/lambda.zip from `npm run build`; these tests must not need a build.
  lambda_zip_path = "tests/fixtures/lambda.zip"
}

run "plan_has_one_route_per_route_key_of_routes_json" {
  command = plan

  assert {
    condition     = toset(keys(aws_apigatewayv2_route.notes)) == toset(jsondecode(file("../src/handlers/routes.json")))
    error_message = "the routes are not exactly the route keys of src/handlers/routes.json"
  }

  assert {
    condition     = length(aws_apigatewayv2_route.notes) == length(jsondecode(file("../src/handlers/routes.json")))
    error_message = "src/handlers/routes.json has a duplicate route key, or a route went missing"
  }

  assert {
    condition     = alltrue([for key, route in aws_apigatewayv2_route.notes : route.route_key == key])
    error_message = "a route's route_key differs from the key it was made for"
  }
}

run "plan_builds_the_table_the_adapter_expects" {
  command = plan

  assert {
    condition     = aws_dynamodb_table.notes.hash_key == jsondecode(file("../src/adapters/dynamodb-table.json")).partitionKey
    error_message = "the table's partition key is not the one of src/adapters/dynamodb-table.json"
  }

  assert {
    condition     = aws_dynamodb_table.notes.range_key == jsondecode(file("../src/adapters/dynamodb-table.json")).sortKey
    error_message = "the table's sort key is not the one of src/adapters/dynamodb-table.json"
  }

  assert {
    condition     = aws_dynamodb_table.notes.billing_mode == "PAY_PER_REQUEST"
    error_message = "the table is not on-demand"
  }

  assert {
    condition     = aws_dynamodb_table.notes.point_in_time_recovery[0].enabled
    error_message = "point-in-time recovery is off"
  }

  assert {
    condition = (
      aws_dynamodb_table.notes.ttl[0].enabled
      && aws_dynamodb_table.notes.ttl[0].attribute_name == jsondecode(file("../src/adapters/dynamodb-table.json")).timeToLiveAttribute
    )
    error_message = "TTL is not on, on the attribute of src/adapters/dynamodb-table.json"
  }

  assert {
    condition     = length(aws_dynamodb_table.notes.global_secondary_index) == 0 && length(aws_dynamodb_table.notes.attribute) == 2
    error_message = "the table has an index or attribute the adapter does not declare"
  }
}

run "apply_grants_only_the_dynamodb_actions_the_code_calls_on_this_table" {
  assert {
    condition = (
      toset(jsondecode(aws_iam_role_policy.function.policy).Statement[0].Action)
      == toset(jsondecode(file("../src/adapters/dynamodb-actions.json")))
    )
    error_message = "the DynamoDB actions are not exactly those of src/adapters/dynamodb-actions.json"
  }

  assert {
    condition     = jsondecode(aws_iam_role_policy.function.policy).Statement[0].Resource == [aws_dynamodb_table.notes.arn]
    error_message = "the DynamoDB statement is not scoped to the table's ARN alone"
  }

  assert {
    condition = alltrue(flatten([
      for statement in jsondecode(aws_iam_role_policy.function.policy).Statement : [
        for action in statement.Action : !strcontains(action, "*")
      ]
    ]))
    error_message = "an action of the policy has a wildcard"
  }

  assert {
    condition = alltrue(flatten([
      for statement in jsondecode(aws_iam_role_policy.function.policy).Statement : [
        for resource in statement.Resource : contains([
          aws_dynamodb_table.notes.arn,
          aws_cloudwatch_log_group.function.arn,
          # Lambda names its log streams at run time: the one wildcard, inside this log group.
          "${aws_cloudwatch_log_group.function.arn}:log-stream:*",
        ], resource)
      ]
    ]))
    error_message = "the policy names a resource other than the table, the function's log group and its streams (a \"*\"?)"
  }

  assert {
    condition = alltrue([
      for statement in jsondecode(aws_iam_role_policy.function.policy).Statement :
      statement.Effect == "Allow" && length(setsubtract(keys(statement), ["Sid", "Effect", "Action", "Resource"])) == 0
    ])
    error_message = "a statement uses NotAction, NotResource, a Principal or a Condition"
  }

  assert {
    condition = (
      toset(jsondecode(aws_iam_role_policy.function.policy).Statement[1].Action) == toset(["logs:CreateLogStream", "logs:PutLogEvents"])
    )
    error_message = "the log statement allows more, or less, than creating streams and putting events"
  }

  assert {
    condition     = aws_iam_role_policy.function.role == aws_iam_role.function.id
    error_message = "the policy is not attached to the function's role"
  }

  assert {
    condition = (
      jsondecode(aws_iam_role.function.assume_role_policy).Statement[0].Principal.Service == "lambda.amazonaws.com"
      && length(jsondecode(aws_iam_role.function.assume_role_policy).Statement) == 1
    )
    error_message = "the role can be assumed by something other than Lambda"
  }

  assert {
    condition     = aws_lambda_function.api.role == aws_iam_role.function.arn
    error_message = "the function does not run with its least-privilege role"
  }
}

run "apply_makes_an_arm64_node22_function_configured_from_its_environment" {
  variables {
    cursor_secret = "s3cret-for-tests"
  }

  assert {
    condition     = aws_lambda_function.api.runtime == "nodejs22.x"
    error_message = "the default runtime is not nodejs22.x"
  }

  assert {
    condition     = aws_lambda_function.api.architectures == tolist(["arm64"])
    error_message = "the function is not arm64"
  }

  assert {
    condition     = aws_lambda_function.api.handler == "index.handler"
    error_message = "the handler is not index.handler (dist/lambda/index.mjs exporting handler)"
  }

  assert {
    condition     = aws_lambda_function.api.source_code_hash == filebase64sha256("tests/fixtures/lambda.zip")
    error_message = "source_code_hash is not the hash of the package, so code changes would not redeploy"
  }

  assert {
    condition     = aws_lambda_function.api.environment[0].variables.TABLE_NAME == aws_dynamodb_table.notes.name
    error_message = "TABLE_NAME does not name the table"
  }

  assert {
    condition     = aws_lambda_function.api.environment[0].variables.NODE_OPTIONS == "--enable-source-maps"
    error_message = "source maps are not enabled"
  }

  assert {
    condition = (
      aws_lambda_function.api.environment[0].variables.DEFAULT_OWNER == "default"
      && aws_lambda_function.api.environment[0].variables.LOG_LEVEL == "INFO"
      && aws_lambda_function.api.environment[0].variables.CURSOR_SECRET == "s3cret-for-tests"
    )
    error_message = "DEFAULT_OWNER, LOG_LEVEL or CURSOR_SECRET is not passed to the function"
  }

  assert {
    condition     = aws_lambda_function.api.memory_size == var.lambda_memory_mb && aws_lambda_function.api.timeout == var.lambda_timeout_seconds
    error_message = "memory or timeout does not come from its variable"
  }
}

run "apply_without_a_cursor_secret_leaves_it_out_of_the_environment" {
  assert {
    condition     = !contains(keys(aws_lambda_function.api.environment[0].variables), "CURSOR_SECRET")
    error_message = "CURSOR_SECRET is set although no cursor_secret was given"
  }
}

run "apply_keeps_every_log_group_for_a_limited_time" {
  variables {
    log_retention_days = 30
  }

  assert {
    condition     = aws_cloudwatch_log_group.function.name == "/aws/lambda/${aws_lambda_function.api.function_name}"
    error_message = "the function's log group is not /aws/lambda/<function name>, so Lambda would make its own, kept forever"
  }

  assert {
    condition     = aws_cloudwatch_log_group.function.retention_in_days == 30 && aws_cloudwatch_log_group.api_access.retention_in_days == 30
    error_message = "a log group has no retention, or not the one asked for"
  }
}

run "apply_fronts_the_function_with_a_throttled_logged_http_api" {
  assert {
    condition = (
      aws_apigatewayv2_integration.function.integration_type == "AWS_PROXY"
      && aws_apigatewayv2_integration.function.payload_format_version == "2.0"
      && aws_apigatewayv2_integration.function.integration_uri == aws_lambda_function.api.invoke_arn
    )
    error_message = "the integration is not a Lambda proxy to the function with payload format 2.0"
  }

  assert {
    condition     = alltrue([for route in aws_apigatewayv2_route.notes : route.target == "integrations/${aws_apigatewayv2_integration.function.id}"])
    error_message = "a route does not go to the function's integration"
  }

  assert {
    condition     = aws_apigatewayv2_stage.default.name == "$default" && aws_apigatewayv2_stage.default.auto_deploy
    error_message = "the stage is not the auto-deployed $default stage"
  }

  assert {
    condition = (
      aws_apigatewayv2_stage.default.default_route_settings[0].throttling_burst_limit > 0
      && aws_apigatewayv2_stage.default.default_route_settings[0].throttling_rate_limit > 0
    )
    error_message = "default route throttling has a zero limit, which throttles every request"
  }

  assert {
    condition     = aws_apigatewayv2_stage.default.access_log_settings[0].destination_arn == aws_cloudwatch_log_group.api_access.arn
    error_message = "access logs do not go to the API's own log group"
  }

  assert {
    condition     = aws_apigatewayv2_stage.default.access_log_settings[0].destination_arn != aws_cloudwatch_log_group.function.arn
    error_message = "access logs share the function's log group"
  }

  assert {
    condition     = length(aws_apigatewayv2_api.http.cors_configuration) == 0
    error_message = "CORS is on although no origin was given"
  }
}

run "apply_lets_only_this_api_invoke_the_function" {
  assert {
    condition     = aws_lambda_permission.api_gateway.source_arn == "${aws_apigatewayv2_api.http.execution_arn}/*/*"
    error_message = "the permission is not scoped to this API's execution ARN"
  }

  assert {
    condition = (
      aws_lambda_permission.api_gateway.principal == "apigateway.amazonaws.com"
      && aws_lambda_permission.api_gateway.action == "lambda:InvokeFunction"
      && aws_lambda_permission.api_gateway.function_name == aws_lambda_function.api.function_name
    )
    error_message = "the permission is not API Gateway invoking this function"
  }
}

run "apply_outputs_what_the_scripts_and_clients_need" {
  assert {
    condition     = output.api_url == "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com"
    error_message = "api_url is not the stage URL without its trailing slash: ${output.api_url}"
  }

  assert {
    condition = (
      output.api_id == aws_apigatewayv2_api.http.id
      && output.function_name == aws_lambda_function.api.function_name
      && output.table_name == aws_dynamodb_table.notes.name
    )
    error_message = "api_id, function_name or table_name does not name the deployed resource"
  }
}

run "plan_names_every_resource_from_the_prefix" {
  command = plan

  variables {
    prefix = "team-b-notes"
  }

  assert {
    condition = alltrue([
      startswith(aws_dynamodb_table.notes.name, "team-b-notes"),
      startswith(aws_lambda_function.api.function_name, "team-b-notes"),
      startswith(aws_apigatewayv2_api.http.name, "team-b-notes"),
      startswith(aws_iam_role.function.name, "team-b-notes"),
      startswith(aws_cloudwatch_log_group.function.name, "/aws/lambda/team-b-notes"),
      startswith(aws_cloudwatch_log_group.api_access.name, "/aws/apigateway/team-b-notes"),
    ])
    error_message = "a resource is not named from the prefix, so teardown's audit would not find it"
  }
}

run "plan_with_cors_origins_allows_them_for_the_route_methods" {
  command = plan

  variables {
    cors_allowed_origins = ["https://app.example.com"]
  }

  assert {
    condition     = aws_apigatewayv2_api.http.cors_configuration[0].allow_origins == toset(["https://app.example.com"])
    error_message = "CORS does not allow exactly the given origins"
  }

  assert {
    condition     = aws_apigatewayv2_api.http.cors_configuration[0].allow_methods == toset([for key in jsondecode(file("../src/handlers/routes.json")) : split(" ", key)[0]])
    error_message = "CORS methods are not the methods of the route keys"
  }

  assert {
    condition = (
      aws_apigatewayv2_api.http.cors_configuration[0].allow_headers == toset(jsondecode(file("../src/handlers/cors-policy.json")).allowHeaders)
      && aws_apigatewayv2_api.http.cors_configuration[0].expose_headers == toset(jsondecode(file("../src/handlers/cors-policy.json")).exposeHeaders)
      && aws_apigatewayv2_api.http.cors_configuration[0].max_age == jsondecode(file("../src/handlers/cors-policy.json")).maxAgeSeconds
    )
    error_message = "CORS headers or max-age differ from src/handlers/cors-policy.json, which the local endpoint uses"
  }

  assert {
    condition = alltrue([
      for header in ["content-type", "if-match", "idempotency-key"] :
      contains(aws_apigatewayv2_api.http.cors_configuration[0].allow_headers, header)
    ])
    error_message = "CORS does not allow a request header the API reads (content-type, if-match, idempotency-key)"
  }

  assert {
    condition = alltrue([
      for header in ["etag", "location"] :
      contains(aws_apigatewayv2_api.http.cors_configuration[0].expose_headers, header)
    ])
    error_message = "CORS does not expose ETag and Location to browsers"
  }

  assert {
    condition     = aws_apigatewayv2_api.http.cors_configuration[0].allow_credentials != true
    error_message = "CORS allows credentials, which nothing here needs"
  }
}

run "plan_with_several_cors_origins_allows_each_of_them" {
  command = plan

  variables {
    cors_allowed_origins = ["https://app.example.com", "http://localhost:5173"]
  }

  assert {
    condition     = aws_apigatewayv2_api.http.cors_configuration[0].allow_origins == toset(["https://app.example.com", "http://localhost:5173"])
    error_message = "CORS does not allow exactly the given origins"
  }
}
