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
    return jsonify(serialize(todo))
# ... existing code ...
def delete_todo(todo_id):
    todo = TODOS.pop(todo_id, None)
    log.info("deleted todo %s", todo_id)
    if todo is None:
        return jsonify({"error": "not found"}), 404
    return "", 204
    # ... existing code ...
