        # ... Existing Code ...
        "id": todo_id,
        "title": payload["title"],
        "done": False,
        "created": datetime.now(timezone.utc),
    }
    log.info("created todo %s", todo_id)
    return jsonify(serialize(TODOS[todo_id])), 201
    # ... Existing Code ...
    return jsonify(serialize(todo))




if __name__ == "__main__":
# ... Existing Code ...
