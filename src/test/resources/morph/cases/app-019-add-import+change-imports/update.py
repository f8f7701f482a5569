import logging
from datetime import datetime, timezone
from uuid import uuid4

from flask import Flask, jsonify, request
# ... existing code ...
