# ... existing code ...
import logging
from datetime import datetime
from uuid import uuid4

from flask import Flask, jsonify, request
    # ... existing code ...
    return "", 204


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8000, debug=False)
