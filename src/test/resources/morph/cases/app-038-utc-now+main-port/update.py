        # ... rest of the code ...
        "id": todo_id,
        "title": payload["title"],
        "done": False,
        "created": datetime.now(timezone.utc),
    }
    log.info("created todo %s", todo_id)
    return jsonify(serialize(TODOS[todo_id])), 201
    # ... rest of the code ...
    return "", 204


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8000, debug=False)
