import json
import logging
from datetime import datetime

from flask import Flask, jsonify, request

app = Flask(__name__)
log = logging.getLogger(__name__)

TODOS = {}


def next_id():
    return max(TODOS.keys(), default=0) + 1


def serialize(todo):
    return {
        "id": todo["id"],
        "title": todo["title"],
        "done": todo["done"],
        "created": todo["created"].isoformat(),
    }


@app.route("/todos", methods=["GET"])
def list_todos():
    items = [serialize(t) for t in TODOS.values()]
    return jsonify(items)


@app.route("/todos", methods=["POST"])
def create_todo():
    payload = request.get_json(force=True)
    if not payload or "title" not in payload:
        return jsonify({"error": "title is required"}), 400
    todo_id = next_id()
    TODOS[todo_id] = {
        "id": todo_id,
        "title": payload["title"],
        "done": False,
        "created": datetime.utcnow(),
    }
    log.info("created todo %s", todo_id)
    return jsonify(serialize(TODOS[todo_id])), 201


@app.route("/todos/<int:todo_id>", methods=["PUT"])
def update_todo(todo_id):
    todo = TODOS.get(todo_id)
    if todo is None:
        return jsonify({"error": "not found"}), 404
    payload = request.get_json(force=True)
    todo["title"] = payload.get("title", todo["title"])
    todo["done"] = payload.get("done", todo["done"])
    return jsonify(serialize(todo))


@app.route("/todos/<int:todo_id>", methods=["DELETE"])
def delete_todo(todo_id):
    todo = TODOS.pop(todo_id, None)
    if todo is None:
        return jsonify({"error": "not found"}), 404
    return "", 204


if __name__ == "__main__":
    app.run(debug=True)
