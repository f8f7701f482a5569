# ... rest of the code ...
TODOS = {}


def allocate_id():
    return max(TODOS.keys(), default=0) + 1


def serialize(todo):
# ... rest of the code ...
def create_todo():
    payload = request.get_json(force=True)
    if not payload or "title" not in payload:
        return jsonify({"error": "title is required"}), 400
    todo_id = allocate_id()
    TODOS[todo_id] = {
        "id": todo_id,
        "title": payload["title"],
    # ... rest of the code ...
    return jsonify(serialize(todo))




if __name__ == "__main__":
# ... rest of the code ...
