import logging
from datetime import datetime, timezone

from flask import Flask, jsonify, request
    # ... existing code ...
    return jsonify(serialize(todo))




if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8000, debug=False)
