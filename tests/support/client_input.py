"""F04: a client's fields that are refused, and the path of the field the error names: one
table for the unit test (ClientInput) and the API test (POST /clients answers 422 with that
path)."""

from __future__ import annotations

from typing import Any

# (field, value, the path of the error), sent with a valid name unless the field is the name
INVALID_CLIENT_FIELDS: tuple[tuple[str, Any, str], ...] = (
    ("name", "", "name"),
    ("name", "   ", "name"),
    ("name", "x" * 201, "name"),
    ("emails", ["not-an-email"], "emails.0"),
    ("emails", ["maria@example.com", "not-an-email"], "emails.1"),
    ("emails", ["a@b"], "emails.0"),
    ("emails", [f"c{i}@example.com" for i in range(6)], "emails"),
    ("notification_emails", ["nope"], "notification_emails.0"),
    ("notification_emails", ["a@b.com", "nope"], "notification_emails.1"),
    ("phone", "call me", "phone"),
    ("phone", "call me maybe", "phone"),
    ("language", "fr", "language"),
    ("unexpected", "field", "unexpected"),
    ("is_admin", True, "is_admin"),
)


def client_body(field: str, value: Any, name: str = "Maria Souza") -> dict[str, Any]:
    return {"name": value} if field == "name" else {"name": name, field: value}
