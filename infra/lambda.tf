# The function's own log group, declared so it has a retention and exists before the function writes to it
# (otherwise Lambda creates it on first invocation, kept forever, and Terraform never deletes it).
resource "aws_cloudwatch_log_group" "function" {
  name              = local.names.function_logs
  retention_in_days = var.log_retention_days
}

resource "aws_iam_role" "function" {
  name = local.names.role

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# Least privilege: the DynamoDB actions the code calls (src/adapters/dynamodb-actions.json) on this table only,
# and log writes to this function's log group only. No "*" resource, no managed policy.
resource "aws_iam_role_policy" "function" {
  name = "${var.prefix}-least-privilege"
  role = aws_iam_role.function.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "NotesTable"
        Effect   = "Allow"
        Action   = local.dynamodb_actions
        Resource = [aws_dynamodb_table.notes.arn]
      },
      {
        Sid    = "OwnLogGroup"
        Effect = "Allow"
        Action = ["logs:CreateLogStream", "logs:PutLogEvents"]
        # Log streams are named by Lambda at run time, so the stream part is the one wildcard: inside this group.
        Resource = [aws_cloudwatch_log_group.function.arn, "${aws_cloudwatch_log_group.function.arn}:log-stream:*"]
      },
    ]
  })

  lifecycle {
    precondition {
      condition     = length(local.dynamodb_actions) > 0 && alltrue([for action in local.dynamodb_actions : can(regex("^dynamodb:[A-Za-z]+$", action))])
      error_message = "src/adapters/dynamodb-actions.json must list DynamoDB actions by exact name (dynamodb:GetItem, ...), with no wildcard."
    }
  }
}

resource "aws_lambda_function" "api" {
  function_name    = local.names.function
  role             = aws_iam_role.function.arn
  filename         = var.lambda_zip_path
  source_code_hash = filebase64sha256(var.lambda_zip_path)
  handler          = "index.handler"
  runtime          = var.lambda_runtime
  architectures    = ["arm64"]
  memory_size      = var.lambda_memory_mb
  timeout          = var.lambda_timeout_seconds

  environment {
    variables = merge(
      {
        TABLE_NAME    = aws_dynamodb_table.notes.name
        DEFAULT_OWNER = var.default_owner
        LOG_LEVEL     = var.log_level
        NODE_OPTIONS  = "--enable-source-maps"
      },
      var.cursor_secret == null ? {} : { CURSOR_SECRET = var.cursor_secret },
    )
  }

  # The log group must exist (with its retention) before the first invocation, and the role must be allowed
  # to write to it and to the table before the function can serve a request.
  depends_on = [aws_cloudwatch_log_group.function, aws_iam_role_policy.function]
}
