        # ... existing code ...
        "done": todo["done"],
        "overdue": False,
        "created": todo["created"].isoformat(),
    # ... existing code ...
    return jsonify(serialize(todo))




if __name__ == "__main__":
# ... existing code ...
