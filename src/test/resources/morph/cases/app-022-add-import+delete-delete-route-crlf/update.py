# ...
import logging
from datetime import datetime
from uuid import uuid4

from flask import Flask, jsonify, request
    # ...
    return jsonify(serialize(todo))




if __name__ == "__main__":
# ...
