variable "prefix" {
  description = "Names every resource (table, function, API, role, log groups). One stack per prefix per account and region."
  type        = string
  default     = "notes-api"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", var.prefix))
    error_message = "prefix must be 3 to 40 characters of lower-case letters, digits and dashes, starting with a letter."
  }
}

variable "target" {
  description = "Where to deploy: \"aws\" (a real account, the provider's usual credential chain) or \"local\" (an emulator at var.endpoint with dummy credentials)."
  type        = string
  default     = "aws"

  validation {
    condition     = contains(["local", "aws"], var.target)
    error_message = "target must be \"local\" or \"aws\"."
  }
}

variable "endpoint" {
  description = "The emulator's single endpoint (LocalStack style), used only when target = \"local\"."
  type        = string
  default     = "http://localhost:4566"

  validation {
    condition     = can(regex("^https?://[^/\\s]+/?$", var.endpoint))
    error_message = "endpoint must be an http(s) URL without a path, such as http://localhost:4566."
  }
}

variable "region" {
  description = "AWS region of every resource."
  type        = string
  default     = "us-east-1"
}

variable "lambda_runtime" {
  description = "Lambda runtime. nodejs24.x needs a hashicorp/aws provider that knows it (a 6.x release)."
  type        = string
  default     = "nodejs22.x"

  validation {
    condition     = contains(["nodejs22.x", "nodejs24.x"], var.lambda_runtime)
    error_message = "lambda_runtime must be \"nodejs22.x\" or \"nodejs24.x\"."
  }
}

variable "lambda_memory_mb" {
  description = "Lambda memory in MB (CPU scales with it)."
  type        = number
  default     = 512

  validation {
    condition     = var.lambda_memory_mb >= 128 && var.lambda_memory_mb <= 10240 && floor(var.lambda_memory_mb) == var.lambda_memory_mb
    error_message = "lambda_memory_mb must be a whole number from 128 to 10240."
  }
}

variable "lambda_timeout_seconds" {
  description = "Lambda timeout in seconds. API Gateway HTTP APIs give up after 30 s anyway."
  type        = number
  default     = 10

  validation {
    condition     = var.lambda_timeout_seconds >= 1 && var.lambda_timeout_seconds <= 30 && floor(var.lambda_timeout_seconds) == var.lambda_timeout_seconds
    error_message = "lambda_timeout_seconds must be a whole number from 1 to 30 (the HTTP API integration limit)."
  }
}

variable "log_retention_days" {
  description = "Retention of both log groups (function logs and API access logs), in days."
  type        = number
  default     = 14

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

variable "log_level" {
  description = "LOG_LEVEL of the function."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "SILENT", "CRITICAL"], var.log_level)
    error_message = "log_level must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT."
  }
}

variable "throttling_burst_limit" {
  description = "Default route throttling of the $default stage: burst (requests)."
  type        = number
  default     = 100

  validation {
    condition     = var.throttling_burst_limit > 0 && floor(var.throttling_burst_limit) == var.throttling_burst_limit
    error_message = "throttling_burst_limit must be a whole number above 0 (0 throttles every request)."
  }
}

variable "throttling_rate_limit" {
  description = "Default route throttling of the $default stage: steady rate (requests per second)."
  type        = number
  default     = 50

  validation {
    condition     = var.throttling_rate_limit > 0
    error_message = "throttling_rate_limit must be above 0 (0 throttles every request)."
  }
}

variable "cors_allowed_origins" {
  description = "Origins allowed by CORS, e.g. [\"https://app.example.com\"]. Empty (the default) turns CORS off. The deploy script fills it from CORS_ALLOW_ORIGINS, the setting the local endpoint reads."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for origin in var.cors_allowed_origins : can(regex("^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$", origin))])
    error_message = "cors_allowed_origins must be exact origins such as https://app.example.com: scheme and host, optional port, no path, no trailing slash, no wildcard."
  }
}

variable "lambda_zip_path" {
  description = "The function's deployment package, made by `npm run build`. Relative paths are relative to infra/."
  type        = string
  default     = "../dist/lambda.zip"

  validation {
    condition     = fileexists(var.lambda_zip_path)
    error_message = "lambda_zip_path names no file: run `npm run build` first (it writes dist/lambda.zip)."
  }
}

variable "cursor_secret" {
  description = "HMAC key for paging cursors (CURSOR_SECRET). Unset: the function's built-in development key, which is public."
  type        = string
  default     = null
  sensitive   = true
}

variable "default_owner" {
  description = "DEFAULT_OWNER: the owner of every note while no authorizer is configured."
  type        = string
  default     = "default"
  nullable    = false
}
