import logging
from datetime import datetime
from uuid import uuid4

from flask import Flask, jsonify, request
