        # ... keep existing code ...
        "done": todo["done"],
        "overdue": False,
        "created": todo["created"].isoformat(),
        # ... keep existing code ...
        "done": False,
        "created": datetime.now(timezone.utc),
    }
    log.info("created todo %s", todo_id)
    # ... keep existing code ...
    todo = TODOS.pop(todo_id, None)
    log.info("deleted todo %s", todo_id)
    if todo is None:
        return jsonify({"error": "not found"}), 404
    return "", 204
    # ... keep existing code ...
