# ... existing code ...
TODOS = {}


def allocate_id():
    return max(TODOS.keys(), default=0) + 1
        # ... existing code ...
        return jsonify({"error": "title is required"}), 400
    todo_id = allocate_id()
    TODOS[todo_id] = {
        # ... existing code ...
        "done": False,
        "created": datetime.now(timezone.utc),
    }
    log.info("created todo %s", todo_id)
    # ... existing code ...
