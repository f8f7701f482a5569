        # ... existing code ...
        "done": todo["done"],
        "overdue": False,
        "created": todo["created"].isoformat(),
# ... existing code ...
if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8000, debug=False)
