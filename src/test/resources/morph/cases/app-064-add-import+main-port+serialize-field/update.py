# ...
import logging
from datetime import datetime
from uuid import uuid4

from flask import Flask, jsonify, request
        # ...
        "title": todo["title"],
        "done": todo["done"],
        "overdue": False,
        "created": todo["created"].isoformat(),
    }


@app.route("/todos", methods=["GET"])
    # ...
    return "", 204


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8000, debug=False)
