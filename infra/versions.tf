terraform {
  # 1.7+ for mock_provider in `terraform test`; 1.11 is what the project is tested with.
  required_version = ">= 1.7.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.100 is the release the offline mirror carries and every check runs against. 6.x is allowed so that
      # lambda_runtime = "nodejs24.x" can be used: the 5.x provider does not know that runtime.
      version = ">= 5.100.0, < 7.0.0"
    }
  }
}
