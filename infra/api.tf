resource "aws_apigatewayv2_api" "http" {
  name          = local.names.api
  protocol_type = "HTTP"

  # CORS only when origins are given; without it browsers on other origins are refused. With it, API Gateway
  # answers preflights itself and ignores CORS headers from the function. The local endpoint mirrors this
  # from the same setting (CORS_ALLOW_ORIGINS) and the same methods and headers (local/cors.ts).
  dynamic "cors_configuration" {
    for_each = length(var.cors_allowed_origins) > 0 ? [var.cors_allowed_origins] : []
    content {
      allow_origins  = cors_configuration.value
      allow_methods  = local.http_methods
      allow_headers  = local.cors_policy.allowHeaders
      expose_headers = local.cors_policy.exposeHeaders
      max_age        = local.cors_policy.maxAgeSeconds
    }
  }
}

resource "aws_apigatewayv2_integration" "function" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = aws_lambda_function.api.invoke_arn
  payload_format_version = "2.0"
}

# One route per key of src/handlers/routes.json: anything else is answered 404 by API Gateway itself.
resource "aws_apigatewayv2_route" "notes" {
  for_each = local.route_keys

  api_id    = aws_apigatewayv2_api.http.id
  route_key = each.value
  target    = "integrations/${aws_apigatewayv2_integration.function.id}"
}

resource "aws_cloudwatch_log_group" "api_access" {
  name              = local.names.api_access_logs
  retention_in_days = var.log_retention_days
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true

  # Both limits set: a block with only one of them leaves the other at 0, which throttles every request.
  default_route_settings {
    throttling_burst_limit = var.throttling_burst_limit
    throttling_rate_limit  = var.throttling_rate_limit
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format = jsonencode({
      requestId          = "$context.requestId"
      requestTime        = "$context.requestTime"
      sourceIp           = "$context.identity.sourceIp"
      routeKey           = "$context.routeKey"
      status             = "$context.status"
      protocol           = "$context.protocol"
      responseLength     = "$context.responseLength"
      responseLatency    = "$context.responseLatency"
      integrationLatency = "$context.integrationLatency"
      integrationError   = "$context.integrationErrorMessage"
    })
  }

  # Routes first, so the first automatic deployment already has them.
  depends_on = [aws_apigatewayv2_route.notes]
}

# API Gateway may invoke the function, from this API only (any stage, any route).
resource "aws_lambda_permission" "api_gateway" {
  statement_id  = "AllowInvokeFromHttpApi"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.api.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.http.execution_arn}/*/*"
}
