    # ... Existing Code ...
    return jsonify(serialize(TODOS[todo_id])), 201


@app.route("/todos/<int:todo_id>", methods=["GET"])
def get_todo(todo_id):
    todo = TODOS.get(todo_id)
    if todo is None:
        return jsonify({"error": "not found"}), 404
    return jsonify(serialize(todo))


@app.route("/todos/<int:todo_id>", methods=["PUT"])
def update_todo(todo_id):
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


@app.route("/todos/<int:todo_id>", methods=["DELETE"])
# ... Existing Code ...
