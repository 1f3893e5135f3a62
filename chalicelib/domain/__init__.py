"""The rules of the portal, in plain Python and pydantic: no AWS, no HTTP, no environment."""
