# ... keep existing code ...
from datetime import datetime
from uuid import uuid4

from flask import Flask, jsonify, request
    # ... keep existing code ...
    return jsonify(serialize(TODOS[todo_id])), 201


@app.route("/todos/<int:todo_id>", methods=["GET"])
def get_todo(todo_id):
    todo = TODOS.get(todo_id)
    if todo is None:
        return jsonify({"error": "not found"}), 404
    return jsonify(serialize(todo))


@app.route("/todos/<int:todo_id>", methods=["PUT"])
# ... keep existing code ...
