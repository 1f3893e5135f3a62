"""Each staff member's open tasks (F20), in the consultations table: `FIRM#<f>#STAFF#<s>#OPEN` /
`<due>#<task id>`, a copy of each open task, of a consultation (consultations.py) or of a
matter's timeline (timeline.py), written in the task's own transactions: "my tasks" is one
Query, soonest due first, no due date last."""

from __future__ import annotations

from ...domain.consultations import Task
from .items import Item, document, item_key


def open_task_key(firm_id: str, staff_id: str, due_key: str, task_id: str) -> Item:
    return item_key(f"FIRM#{firm_id}#STAFF#{staff_id}#OPEN", f"{due_key}#{task_id}")


def open_copy(task: Task) -> Item:
    key = open_task_key(task.firm_id, task.assignee.id, task.due_key(), task.id)
    return document(key["pk"]["S"], key["sk"]["S"], task)
