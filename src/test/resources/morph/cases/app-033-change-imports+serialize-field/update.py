import logging
from datetime import datetime, timezone

from flask import Flask, jsonify, request
        # ... keep existing code ...
        "done": todo["done"],
        "overdue": False,
        "created": todo["created"].isoformat(),
        # ... keep existing code ...
