# The notes table, keyed exactly as the adapter expects (src/adapters/dynamodb-table.json): one partition per
# owner sorted by note id, idempotency records in their own partitions, expired by TTL.
resource "aws_dynamodb_table" "notes" {
  name         = local.names.table
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = local.table_definition.partitionKey
  range_key    = local.table_definition.sortKey

  attribute {
    name = local.table_definition.partitionKey
    type = "S"
  }

  attribute {
    name = local.table_definition.sortKey
    type = "S"
  }

  ttl {
    attribute_name = local.table_definition.timeToLiveAttribute
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  lifecycle {
    precondition {
      condition     = length(setsubtract(keys(local.table_definition), local.table_definition_keys)) == 0
      error_message = "src/adapters/dynamodb-table.json has keys infra/dynamodb.tf does not handle (${join(", ", setsubtract(keys(local.table_definition), local.table_definition_keys))}): teach the table resource and the IAM policy about them."
    }
  }
}
