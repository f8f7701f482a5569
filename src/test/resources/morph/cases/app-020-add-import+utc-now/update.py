import json
import logging
from datetime import datetime
from uuid import uuid4

from flask import Flask, jsonify, request

app = Flask(__name__)
        # ... rest of the code ...
        "id": todo_id,
        "title": payload["title"],
        "done": False,
        "created": datetime.now(timezone.utc),
    }
    log.info("created todo %s", todo_id)
    return jsonify(serialize(TODOS[todo_id])), 201
    # ... rest of the code ...
