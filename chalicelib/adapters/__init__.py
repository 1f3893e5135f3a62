"""The only code that talks to AWS (boto3) or other outside services."""
