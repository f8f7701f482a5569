        # ... existing code ...
        "done": False,
        "created": datetime.now(timezone.utc),
    }
    log.info("created todo %s", todo_id)
    # ... existing code ...
    todo = TODOS.get(todo_id)
    if todo is None:
        return jsonify({"error": "not found"}), 404
    payload = request.get_json(force=True)
    title = payload.get("title", todo["title"])
    if not title.strip():
        return jsonify({"error": "title must not be blank"}), 400
    todo["title"] = title
    todo["done"] = payload.get("done", todo["done"])
    # ... existing code ...
