output "api_url" {
  description = "Base URL of the API ($default stage), without a trailing slash."
  value       = trimsuffix(aws_apigatewayv2_stage.default.invoke_url, "/")
}

output "api_id" {
  description = "HTTP API id."
  value       = aws_apigatewayv2_api.http.id
}

output "function_name" {
  description = "Lambda function name."
  value       = aws_lambda_function.api.function_name
}

output "table_name" {
  description = "DynamoDB table name."
  value       = aws_dynamodb_table.notes.name
}
