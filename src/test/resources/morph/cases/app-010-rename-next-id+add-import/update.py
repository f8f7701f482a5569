# ...
import logging
from datetime import datetime
from uuid import uuid4

from flask import Flask, jsonify, request
# ...
TODOS = {}


def allocate_id():
    return max(TODOS.keys(), default=0) + 1


def serialize(todo):
    # ...
    if not payload or "title" not in payload:
        return jsonify({"error": "title is required"}), 400
    todo_id = allocate_id()
    TODOS[todo_id] = {
        "id": todo_id,
        # ...
