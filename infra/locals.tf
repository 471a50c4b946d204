locals {
  # The single sources of truth, shared with the handler, the adapter and the local endpoint.
  route_keys       = toset(jsondecode(file("${path.module}/../src/handlers/routes.json")))
  table_definition = jsondecode(file("${path.module}/../src/adapters/dynamodb-table.json"))
  dynamodb_actions = jsondecode(file("${path.module}/../src/adapters/dynamodb-actions.json"))
  # The request headers the API reads, the response headers it sets, and the preflight cache time; the local
  # endpoint's CORS reads the same file (local/cors.ts).
  cors_policy = jsondecode(file("${path.module}/../src/handlers/cors-policy.json"))

  # What this configuration knows how to turn into a table. A new key in dynamodb-table.json (an index, say)
  # fails the plan instead of deploying a table without it.
  table_definition_keys = toset(["partitionKey", "sortKey", "timeToLiveAttribute"])

  names = {
    table           = var.prefix
    function        = var.prefix
    api             = var.prefix
    role            = "${var.prefix}-lambda"
    function_logs   = "/aws/lambda/${var.prefix}"
    api_access_logs = "/aws/apigateway/${var.prefix}/access"
  }

  http_methods = sort(distinct([for key in local.route_keys : split(" ", key)[0]]))
}
