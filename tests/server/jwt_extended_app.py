#!/usr/bin/python3
"""The shape of the "Flask-JWT-Extended" profile: /register, /api/login, /api/protected, /api/refresh,
/api/logout (jti deny-list), POST /api/notes (a state-changing protected call). --cookies puts the tokens in
cookies with flask-jwt-extended's CSRF double submit (csrf_access_token echoed as X-CSRF-TOKEN)."""
import datetime
import os
import secrets

from flask import Flask, jsonify, request
from flask_jwt_extended import (JWTManager, create_access_token, create_refresh_token, get_jwt, get_jwt_identity,
                                jwt_required, set_access_cookies, set_refresh_cookies, unset_jwt_cookies)
from werkzeug.security import check_password_hash, generate_password_hash

import serve_util

p = serve_util.parser("flask-jwt-extended app")
p.add_argument("--cookies", action="store_true")
args = p.parse_args()

app = Flask(__name__)
app.config["JWT_SECRET_KEY"] = os.environ.get("APP_SECRET") or secrets.token_hex(32)
app.config["JWT_ACCESS_TOKEN_EXPIRES"] = datetime.timedelta(seconds=int(os.environ.get("APP_TOKEN_TTL", "900")))
app.config["JWT_TOKEN_LOCATION"] = ["cookies"] if args.cookies else ["headers"]
app.config["JWT_COOKIE_SECURE"] = False
app.config["JWT_COOKIE_CSRF_PROTECT"] = True
jwt = JWTManager(app)
users = {}
denied = set()
notes = []


@jwt.token_in_blocklist_loader
def revoked(_header, payload):
    return payload["jti"] in denied


@app.post("/register")
def register():
    data = request.get_json(silent=True) or {}
    if not data.get("username") or not data.get("password"):
        return jsonify({"msg": "username and password required"}), 400
    if data["username"] in users:
        return jsonify({"msg": "User already exists"}), 409
    users[data["username"]] = generate_password_hash(data["password"])
    return jsonify({"msg": "User created"}), 201


@app.post("/api/login")
def login():
    data = request.get_json(silent=True) or {}
    stored = users.get(data.get("username", ""))
    if not stored or not check_password_hash(stored, data.get("password", "")):
        return jsonify({"msg": "Bad username or password"}), 401
    access = create_access_token(identity=data["username"])
    refresh = create_refresh_token(identity=data["username"])
    if args.cookies:
        response = jsonify({"login": True})
        set_access_cookies(response, access)
        set_refresh_cookies(response, refresh)
        return response
    return jsonify({"access_token": access, "refresh_token": refresh})


@app.post("/api/refresh")
@jwt_required(refresh=True)
def refresh():
    access = create_access_token(identity=get_jwt_identity())
    if args.cookies:
        response = jsonify({"refresh": True})
        set_access_cookies(response, access)
        return response
    return jsonify({"access_token": access})


@app.get("/api/protected")
@jwt_required()
def protected():
    return jsonify({"logged_in_as": get_jwt_identity()})


@app.post("/api/notes")
@jwt_required()
def add_note():
    notes.append(get_jwt_identity())
    return jsonify({"notes": len(notes)}), 201


@app.post("/api/logout")
@jwt_required()
def logout():
    denied.add(get_jwt()["jti"])
    response = jsonify({"msg": "logout successful"})
    if args.cookies:
        unset_jwt_cookies(response)
    return response


if __name__ == "__main__":
    serve_util.serve(app, args)
