import logging
from datetime import datetime, timezone

from flask import Flask, jsonify, request
        # ... existing code ...
        "title": todo["title"],
        "done": todo["done"],
        "overdue": False,
        "created": todo["created"].isoformat(),
    }


@app.route("/todos", methods=["GET"])
    # ... existing code ...
    return "", 204


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8000, debug=False)
