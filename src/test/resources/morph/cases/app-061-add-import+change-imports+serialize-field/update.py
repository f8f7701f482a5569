import logging
from datetime import datetime, timezone
from uuid import uuid4

from flask import Flask, jsonify, request
        # ... existing code ...
        "title": todo["title"],
        "done": todo["done"],
        "overdue": False,
        "created": todo["created"].isoformat(),
    }


@app.route("/todos", methods=["GET"])
# ... existing code ...
