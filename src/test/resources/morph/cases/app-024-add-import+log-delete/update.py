# ... existing code ...
from datetime import datetime
from uuid import uuid4

from flask import Flask, jsonify, request
    # ... existing code ...
    todo = TODOS.pop(todo_id, None)
    log.info("deleted todo %s", todo_id)
    if todo is None:
        return jsonify({"error": "not found"}), 404
    return "", 204
    # ... existing code ...
