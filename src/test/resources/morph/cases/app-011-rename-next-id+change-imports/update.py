import logging
from datetime import datetime, timezone

from flask import Flask, jsonify, request

app = Flask(__name__)
# ... Existing Code ...
TODOS = {}


def allocate_id():
    return max(TODOS.keys(), default=0) + 1


def serialize(todo):
# ... Existing Code ...
def create_todo():
    payload = request.get_json(force=True)
    if not payload or "title" not in payload:
        return jsonify({"error": "title is required"}), 400
    todo_id = allocate_id()
    TODOS[todo_id] = {
        "id": todo_id,
        "title": payload["title"],
        # ... Existing Code ...
