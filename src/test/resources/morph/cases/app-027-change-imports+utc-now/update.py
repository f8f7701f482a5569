import logging
from datetime import datetime, timezone

from flask import Flask, jsonify, request
        # ... keep existing code ...
        "done": False,
        "created": datetime.now(timezone.utc),
    }
    log.info("created todo %s", todo_id)
    # ... keep existing code ...
