"""The use cases, one module per area (named like its handler module); see docs/ARCHITECTURE.md."""
