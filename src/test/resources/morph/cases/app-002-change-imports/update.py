import logging
from datetime import datetime, timezone

from flask import Flask, jsonify, request

app = Flask(__name__)
# ... rest of the code ...
