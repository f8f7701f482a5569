# ... existing code ...
TODOS = {}


def allocate_id():
    return max(TODOS.keys(), default=0) + 1
        # ... existing code ...
        "done": todo["done"],
        "overdue": False,
        "created": todo["created"].isoformat(),
        # ... existing code ...
        return jsonify({"error": "title is required"}), 400
    todo_id = allocate_id()
    TODOS[todo_id] = {
    # ... existing code ...
