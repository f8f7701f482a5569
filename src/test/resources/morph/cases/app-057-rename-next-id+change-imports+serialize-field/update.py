import logging
from datetime import datetime, timezone

from flask import Flask, jsonify, request
# ... keep existing code ...
TODOS = {}


def allocate_id():
    return max(TODOS.keys(), default=0) + 1
        # ... keep existing code ...
        "done": todo["done"],
        "overdue": False,
        "created": todo["created"].isoformat(),
        # ... keep existing code ...
        return jsonify({"error": "title is required"}), 400
    todo_id = allocate_id()
    TODOS[todo_id] = {
    # ... keep existing code ...
