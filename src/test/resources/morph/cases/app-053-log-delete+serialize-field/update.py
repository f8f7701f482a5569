        # ... Existing Code ...
        "id": todo["id"],
        "title": todo["title"],
        "done": todo["done"],
        "overdue": False,
        "created": todo["created"].isoformat(),
    }


@app.route("/todos", methods=["GET"])
# ... Existing Code ...
@app.route("/todos/<int:todo_id>", methods=["DELETE"])
def delete_todo(todo_id):
    todo = TODOS.pop(todo_id, None)
    log.info("deleted todo %s", todo_id)
    if todo is None:
        return jsonify({"error": "not found"}), 404
    return "", 204
    # ... Existing Code ...
