"""The reference ceiling of `make bench`: a bare Flask app, served with our own gunicorn.conf.py."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello() -> str:
    """The least a Flask app can do."""
    return "ok"
