import logging
from datetime import datetime, timezone

from flask import Flask, jsonify, request

app = Flask(__name__)
    # ... Existing Code ...
    return jsonify(serialize(todo))




if __name__ == "__main__":
# ... Existing Code ...
