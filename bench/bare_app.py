"""The yardstick for `import app`: a bare Chalice app that imports boto3 and pydantic,
defines one model and one route. Nothing of ours, so the difference is our own cost."""

from typing import Any

import boto3  # noqa: F401  (imported for its cost, as a Lambda function that uses AWS would)
from chalice.app import Chalice
from pydantic import BaseModel

app = Chalice(app_name="bare")


class Greeting(BaseModel):
    name: str
    message: str


@app.route("/hello/{name}")
def hello(name: str) -> dict[str, Any]:
    return Greeting(name=name, message=f"Hello, {name}").model_dump()
