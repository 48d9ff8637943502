#!/usr/bin/python3
"""The shape of the "Flask + PyJWT (minimal)" profile: the tutorial app with register, login returning
{"token": ...} and a protected /dashboard. No refresh, no logout. Test mode only (random secret)."""
import datetime
import os
import secrets
from functools import wraps

import jwt
from flask import Flask, jsonify, request
from werkzeug.security import check_password_hash, generate_password_hash

import serve_util

app = Flask(__name__)
SECRET = os.environ.get("APP_SECRET") or secrets.token_hex(32)
TTL = int(os.environ.get("APP_TOKEN_TTL", "1800"))
users = {}


@app.post("/register")
def register():
    data = request.get_json(silent=True) or {}
    if not data.get("username") or not data.get("password"):
        return jsonify({"message": "username and password required"}), 400
    if data["username"] in users:
        return jsonify({"message": "User already exists"}), 409
    users[data["username"]] = generate_password_hash(data["password"])
    return jsonify({"message": "User registered successfully"}), 201


@app.post("/login")
def login():
    data = request.get_json(silent=True) or {}
    stored = users.get(data.get("username", ""))
    if not stored or not check_password_hash(stored, data.get("password", "")):
        return jsonify({"message": "Invalid credentials"}), 401
    token = jwt.encode({"user": data["username"],
                        "exp": datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=TTL)},
                       SECRET, algorithm="HS256")
    return jsonify({"token": token})


def token_required(f):
    @wraps(f)
    def decorated(*args, **kwargs):
        auth = request.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return jsonify({"message": "Token is missing!"}), 401
        try:
            data = jwt.decode(auth[7:], SECRET, algorithms=["HS256"])
        except jwt.ExpiredSignatureError:
            return jsonify({"message": "Token has expired!"}), 401
        except jwt.InvalidTokenError:
            return jsonify({"message": "Token is invalid!"}), 401
        return f(data["user"], *args, **kwargs)
    return decorated


@app.get("/dashboard")
@token_required
def dashboard(user):
    return jsonify({"message": f"Welcome {user}! This is a protected dashboard."})


if __name__ == "__main__":
    serve_util.serve(app, serve_util.parser("minimal PyJWT app").parse_args())
