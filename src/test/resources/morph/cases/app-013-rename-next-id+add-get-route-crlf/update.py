# ... existing code ...
TODOS = {}


def allocate_id():
    return max(TODOS.keys(), default=0) + 1


def serialize(todo):
    # ... existing code ...
    if not payload or "title" not in payload:
        return jsonify({"error": "title is required"}), 400
    todo_id = allocate_id()
    TODOS[todo_id] = {
        "id": todo_id,
    # ... existing code ...
    return jsonify(serialize(TODOS[todo_id])), 201


@app.route("/todos/<int:todo_id>", methods=["GET"])
def get_todo(todo_id):
    todo = TODOS.get(todo_id)
    if todo is None:
        return jsonify({"error": "not found"}), 404
    return jsonify(serialize(todo))


@app.route("/todos/<int:todo_id>", methods=["PUT"])
def update_todo(todo_id):
# ... existing code ...
