"""DynamoDB repositories: `items` holds the item plumbing they share, one module per area."""
