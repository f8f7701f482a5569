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
def delete_todo(todo_id):
    todo = TODOS.pop(todo_id, None)
    log.info("deleted todo %s", todo_id)
    if todo is None:
        return jsonify({"error": "not found"}), 404
    return "", 204
    # ...
