import logging
from datetime import datetime, timezone

from flask import Flask, jsonify, request
    # ...
    return jsonify(serialize(TODOS[todo_id])), 201


@app.route("/todos/<int:todo_id>", methods=["GET"])
def get_todo(todo_id):
    todo = TODOS.get(todo_id)
    if todo is None:
        return jsonify({"error": "not found"}), 404
    return jsonify(serialize(todo))


@app.route("/todos/<int:todo_id>", methods=["PUT"])
def update_todo(todo_id):
# ...
