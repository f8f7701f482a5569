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
    return "", 204


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8000, debug=False)
