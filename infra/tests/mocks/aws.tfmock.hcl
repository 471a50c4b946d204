# Realistic values for the attributes AWS computes, so policies, permissions and outputs built from them
# look like the real thing in `terraform test` (a mock provider makes up random strings otherwise).

mock_resource "aws_dynamodb_table" {
  defaults = {
    arn = "arn:aws:dynamodb:us-east-1:123456789012:table/notes-api"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::123456789012:role/notes-api-lambda"
  }
}

mock_resource "aws_lambda_function" {
  defaults = {
    arn        = "arn:aws:lambda:us-east-1:123456789012:function:notes-api"
    invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:notes-api/invocations"
  }
}

mock_resource "aws_apigatewayv2_api" {
  defaults = {
    id            = "a1b2c3d4e5"
    api_endpoint  = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com"
    execution_arn = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5"
  }
}

mock_resource "aws_apigatewayv2_integration" {
  defaults = {
    id = "int0001"
  }
}

mock_resource "aws_apigatewayv2_stage" {
  defaults = {
    invoke_url    = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/"
    execution_arn = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/$default"
  }
}

override_resource {
  target = aws_cloudwatch_log_group.function
  values = {
    arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/notes-api"
  }
}

override_resource {
  target = aws_cloudwatch_log_group.api_access
  values = {
    arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/apigateway/notes-api/access"
  }
}
