"""HTTP and event handlers: translate requests and messages into domain calls."""
