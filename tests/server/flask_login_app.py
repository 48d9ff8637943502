#!/usr/bin/python3
"""The shape of the "Flask-Login session" profile: POST /login answers with Flask's session cookie,
/dashboard is protected by it (401 JSON instead of a redirect to a login page), GET /logout ends it."""
import os
import secrets

from flask import Flask, jsonify, request
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

import serve_util

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ.get("APP_SECRET") or secrets.token_hex(32)
app.config["SESSION_COOKIE_HTTPONLY"] = True
app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
login_manager = LoginManager(app)
users = {}


class User(UserMixin):
    def __init__(self, username):
        self.id = username


@login_manager.user_loader
def load_user(user_id):
    return User(user_id) if user_id in users else None


@login_manager.unauthorized_handler
def unauthorized():
    return jsonify({"message": "Please log in"}), 401


@app.post("/register")
def register():
    data = request.get_json(silent=True) or {}
    if not data.get("username") or not data.get("password"):
        return jsonify({"message": "username and password required"}), 400
    if data["username"] in users:
        return jsonify({"message": "User already exists"}), 409
    users[data["username"]] = generate_password_hash(data["password"])
    return jsonify({"message": "registered"}), 201


@app.post("/login")
def login():
    data = request.get_json(silent=True) or {}
    stored = users.get(data.get("username", ""))
    if not stored or not check_password_hash(stored, data.get("password", "")):
        return jsonify({"message": "Invalid credentials"}), 401
    login_user(User(data["username"]))
    return jsonify({"message": "logged in"})


@app.get("/dashboard")
@login_required
def dashboard():
    return jsonify({"message": f"Hello {current_user.id}, this page needs a session."})


@app.get("/logout")
@login_required
def logout():
    logout_user()
    return jsonify({"message": "logged out"})


if __name__ == "__main__":
    serve_util.serve(app, serve_util.parser("Flask-Login session app").parse_args())
