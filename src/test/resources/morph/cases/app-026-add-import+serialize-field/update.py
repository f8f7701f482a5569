import json
import logging
from datetime import datetime
from uuid import uuid4

from flask import Flask, jsonify, request

app = Flask(__name__)
        # ... rest of the code ...
        "id": todo["id"],
        "title": todo["title"],
        "done": todo["done"],
        "overdue": False,
        "created": todo["created"].isoformat(),
    }


@app.route("/todos", methods=["GET"])
# ... rest of the code ...
