import logging
from datetime import datetime, timezone

from flask import Flask, jsonify, request
# ... existing code ...
def delete_todo(todo_id):
    todo = TODOS.pop(todo_id, None)
    log.info("deleted todo %s", todo_id)
    if todo is None:
        return jsonify({"error": "not found"}), 404
    return "", 204
    # ... existing code ...
