#!/usr/bin/python3
"""Reference server for Gatehouse's "Gatehouse REST" API profile (Flask + PyJWT + Flask-SQLAlchemy).

Environment:
  GATEHOUSE_SERVER_SECRET     HS256 signing secret (required outside test mode; well-known or short ones refused)
  GATEHOUSE_SERVER_TEST_MODE  "1": a random secret when none is given and a throw-away database
  GATEHOUSE_SERVER_DB         SQLite file (default: gatehouse-server.sqlite in the current folder; temporary in test mode)
  GATEHOUSE_ACCESS_TTL        access token lifetime in seconds (default 900)
  GATEHOUSE_REFRESH_TTL       refresh token lifetime in seconds (default 86400)
  GATEHOUSE_LOGIN_LIMIT       login attempts per username and address per GATEHOUSE_LOGIN_WINDOW seconds (default 5 / 60)
  GATEHOUSE_LOCKOUT_AFTER     consecutive wrong passwords that lock an account (default 10; 423 + Retry-After)
  GATEHOUSE_LOCKOUT_SECONDS   how long the lock lasts (default 300); POST /users/<id>/unlock lifts it
The first account registered becomes the admin; later ones get the "user" role.
"""
import os
import secrets
import sys
import tempfile
import threading
import time
import uuid

import jwt
from flask import Flask, g, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from werkzeug.security import check_password_hash, generate_password_hash

import serve_util

WELL_KNOWN_SECRETS = {"secret", "changeme", "supersecretkey", "mysecretkey", "myjwtsecret", "my_secret_key",
                      "supersecret", "jwt-secret", "super-secret", "your-secret-key", "dev", "test", "password"}

ALL_PERMISSIONS = ["task.view", "task.view_all", "task.create", "task.edit", "task.complete", "task.delete",
                   "product.view", "product.create", "product.edit", "product.delete", "user.view", "user.manage",
                   "role.manage", "audit.view"]
BUILTIN_ROLES = {
    "admin": ALL_PERMISSIONS,
    "manager": [p for p in ALL_PERMISSIONS if p.startswith(("task.", "product."))] + ["user.view"],
    "user": ["task.view", "task.create", "task.edit", "task.complete", "product.view"],
    "viewer": ["task.view", "product.view"],
}

db = SQLAlchemy()


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), unique=True, nullable=False)
    password_hash = db.Column(db.String(256), nullable=False)
    roles = db.Column(db.String(400), nullable=False, default="user")
    disabled = db.Column(db.Boolean, nullable=False, default=False)
    created_at = db.Column(db.Integer, nullable=False, default=lambda: int(time.time()))
    failed_logins = db.Column(db.Integer, nullable=False, default=0)
    locked_until = db.Column(db.Integer, nullable=False, default=0)

    def role_list(self):
        return [r for r in self.roles.split(",") if r]

    def to_json(self):
        locked = self.locked_until if self.locked_until > int(time.time()) else 0
        return {"id": self.id, "username": self.username, "roles": self.role_list(), "disabled": self.disabled,
                "created_at": self.created_at, "failed_logins": self.failed_logins, "locked_until": locked}


class AuditRecord(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    at = db.Column(db.Integer, nullable=False)
    actor_id = db.Column(db.Integer, nullable=False, default=0)
    actor = db.Column(db.String(80), nullable=False, default="")
    action = db.Column(db.String(80), nullable=False)
    target = db.Column(db.String(200), nullable=False, default="")
    outcome = db.Column(db.String(20), nullable=False)
    detail = db.Column(db.String(200), nullable=False, default="")

    def to_json(self):
        return {"id": self.id, "at": self.at, "actor_id": self.actor_id, "actor": self.actor, "action": self.action,
                "target": self.target, "outcome": self.outcome, "detail": self.detail}


class Role(db.Model):
    name = db.Column(db.String(80), primary_key=True)
    permissions = db.Column(db.String(1000), nullable=False, default="")
    builtin = db.Column(db.Boolean, nullable=False, default=False)

    def permission_list(self):
        return sorted(p for p in self.permissions.split(",") if p)


class Task(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    completed = db.Column(db.Boolean, nullable=False, default=False)
    owner_id = db.Column(db.Integer, nullable=True)
    created_at = db.Column(db.Integer, nullable=False)
    updated_at = db.Column(db.Integer, nullable=False)

    def to_json(self):
        owner = db.session.get(User, self.owner_id) if self.owner_id else None
        return {"id": self.id, "title": self.title, "description": self.description, "completed": self.completed,
                "owner_id": self.owner_id or 0, "owner": owner.username if owner else "",
                "created_at": self.created_at, "updated_at": self.updated_at}


class Product(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(200), unique=True, nullable=False)
    price = db.Column(db.Float, nullable=False)

    def to_json(self):
        return {"id": self.id, "name": self.name, "price": self.price}


class DeniedToken(db.Model):
    jti = db.Column(db.String(64), primary_key=True)
    expires_at = db.Column(db.Integer, nullable=False)


def error(status, message, headers=None):
    response = jsonify({"message": message})
    response.status_code = status
    for k, v in (headers or {}).items():
        response.headers[k] = v
    return response


def create_app():
    test_mode = os.environ.get("GATEHOUSE_SERVER_TEST_MODE") == "1"
    secret = os.environ.get("GATEHOUSE_SERVER_SECRET", "")
    if not test_mode and (not secret or secret.lower() in WELL_KNOWN_SECRETS or len(secret) < 16):
        print("refusing to start: set GATEHOUSE_SERVER_SECRET to a random value of at least 16 characters "
              "(or GATEHOUSE_SERVER_TEST_MODE=1 for tests)", file=sys.stderr)
        sys.exit(2)
    if not secret:
        secret = secrets.token_urlsafe(32)
    db_path = os.environ.get("GATEHOUSE_SERVER_DB")
    if not db_path:
        db_path = (os.path.join(tempfile.mkdtemp(prefix="gatehouse-server-"), "server.sqlite") if test_mode
                   else os.path.abspath("gatehouse-server.sqlite"))
    access_ttl = int(os.environ.get("GATEHOUSE_ACCESS_TTL", "900"))
    refresh_ttl = int(os.environ.get("GATEHOUSE_REFRESH_TTL", "86400"))
    login_limit = int(os.environ.get("GATEHOUSE_LOGIN_LIMIT", "5"))
    login_window = int(os.environ.get("GATEHOUSE_LOGIN_WINDOW", "60"))
    lockout_after = int(os.environ.get("GATEHOUSE_LOCKOUT_AFTER", "10"))
    lockout_seconds = int(os.environ.get("GATEHOUSE_LOCKOUT_SECONDS", "300"))

    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + db_path
    app.config["SQLALCHEMY_TRACK_MODIFICATIONS"] = False
    db.init_app(app)
    with app.app_context():
        db.create_all()
        for name, perms in BUILTIN_ROLES.items():
            if not db.session.get(Role, name):
                db.session.add(Role(name=name, permissions=",".join(perms), builtin=True))
        db.session.commit()

    attempts = {}
    attempts_lock = threading.Lock()

    def issue(user, kind, ttl):
        now = int(time.time())
        claims = {"sub": str(user.id), "username": user.username, "roles": user.role_list(), "type": kind,
                  "jti": uuid.uuid4().hex, "iat": now, "exp": now + ttl}
        return jwt.encode(claims, secret, algorithm="HS256")

    def decode_bearer(kind):
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return None, error(401, "Missing bearer token", {"WWW-Authenticate": 'Bearer realm="gatehouse"'})
        try:
            claims = jwt.decode(header[7:], secret, algorithms=["HS256"], options={"require": ["exp", "jti", "sub"]})
        except jwt.ExpiredSignatureError:
            return None, error(401, "Token has expired", {
                "WWW-Authenticate": 'Bearer error="invalid_token", error_description="The token has expired"'})
        except jwt.InvalidTokenError:
            return None, error(401, "Invalid token", {"WWW-Authenticate": 'Bearer error="invalid_token"'})
        if claims.get("type") != kind:
            return None, error(401, "Wrong token type", {"WWW-Authenticate": 'Bearer error="invalid_token"'})
        if db.session.get(DeniedToken, claims["jti"]):
            return None, error(401, "Token has been revoked", {"WWW-Authenticate": 'Bearer error="invalid_token"'})
        user = db.session.get(User, int(claims["sub"]))
        if user is None or user.disabled:
            return None, error(401, "Account not usable", {"WWW-Authenticate": 'Bearer error="invalid_token"'})
        return (claims, user), None

    def audit(action, outcome, target="", detail="", actor=None):
        # Never a password, hash or token: names, ids and outcomes only.
        who = actor if actor is not None else getattr(g, "user", None)
        db.session.add(AuditRecord(at=int(time.time()), actor_id=who.id if who else 0,
                                   actor=who.username if who else "", action=action, target=str(target),
                                   outcome=outcome, detail=detail))

    def permissions_of(user):
        perms = set()
        for name in user.role_list():
            role = db.session.get(Role, name)
            if role:
                perms.update(role.permission_list())
        return perms

    def authed(*needed):
        def wrap(fn):
            def inner(*args, **kwargs):
                found, err = decode_bearer("access")
                if err:
                    return err
                g.claims, g.user = found
                g.perms = permissions_of(g.user)
                for p in needed:
                    if p not in g.perms:
                        audit("perm.denied", "denied", f"{request.method} {request.path}", f"missing {p}")
                        db.session.commit()
                        return error(403, f"Missing permission {p}")
                return fn(*args, **kwargs)
            inner.__name__ = fn.__name__
            return inner
        return wrap

    def body():
        data = request.get_json(silent=True)
        return data if isinstance(data, dict) else None

    def paging():
        try:
            page = max(1, int(request.args.get("page", "1")))
            per_page = min(500, max(1, int(request.args.get("per_page", "50"))))
        except ValueError:
            return None
        return page, per_page

    def page_of(query, to_json):
        p = paging()
        if p is None:
            return error(400, "page and per_page must be numbers")
        page, per_page = p
        total = query.count()
        items = query.offset((page - 1) * per_page).limit(per_page).all()
        return jsonify({"items": [to_json(i) for i in items], "total": total, "page": page, "per_page": per_page})

    @app.errorhandler(404)
    def not_found(_e):
        return error(404, "Not found")

    @app.errorhandler(405)
    def not_allowed(_e):
        return error(405, "Method not allowed")

    @app.errorhandler(500)
    def failed(_e):
        return error(500, "Internal server error")

    @app.post("/register")
    def register():
        data = body()
        if data is None or not isinstance(data.get("username"), str) or not isinstance(data.get("password"), str):
            return error(400, "username and password are required")
        username = data["username"].strip()
        if not username or len(username) > 80:
            return error(422, "username must be 1 to 80 characters")
        if len(data["password"]) < 8:
            return error(422, "password must be at least 8 characters")
        if User.query.filter_by(username=username).first():
            return error(409, "username already taken")
        first = User.query.count() == 0
        user = User(username=username, password_hash=generate_password_hash(data["password"]),
                    roles="admin" if first else "user")
        db.session.add(user)
        db.session.commit()
        return jsonify({"id": user.id, "username": user.username, "roles": user.role_list()}), 201

    @app.post("/login")
    def login():
        data = body()
        if data is None or not isinstance(data.get("username"), str) or not isinstance(data.get("password"), str):
            return error(400, "username and password are required")
        key = (request.remote_addr, data["username"])
        now = time.time()
        with attempts_lock:
            recent = [t for t in attempts.get(key, []) if now - t < login_window]
            if len(recent) >= login_limit:
                retry = int(login_window - (now - recent[0])) + 1
                attempts[key] = recent
                return error(429, "Too many login attempts", {"Retry-After": str(retry)})
            recent.append(now)
            attempts[key] = recent
        user = User.query.filter_by(username=data["username"]).first()
        if user is not None and user.locked_until > int(now):
            wait = user.locked_until - int(now)
            return error(423, "Account locked after too many failed logins", {"Retry-After": str(wait)})
        if user is None or not check_password_hash(user.password_hash, data["password"]) or user.disabled:
            if user is not None:
                user.failed_logins += 1
                if user.failed_logins >= lockout_after:
                    user.locked_until = int(now) + lockout_seconds
                audit("auth.login", "failed", user.username, "wrong password")
                db.session.commit()
            return error(401, "Invalid username or password")
        user.failed_logins = 0
        user.locked_until = 0
        audit("auth.login", "ok", user.username, actor=user)
        db.session.commit()
        with attempts_lock:
            attempts.pop(key, None)
        return jsonify({"access_token": issue(user, "access", access_ttl),
                        "refresh_token": issue(user, "refresh", refresh_ttl), "expires_in": access_ttl})

    @app.post("/refresh")
    def refresh():
        found, err = decode_bearer("refresh")
        if err:
            return err
        _claims, user = found
        return jsonify({"access_token": issue(user, "access", access_ttl), "expires_in": access_ttl})

    @app.post("/logout")
    @authed()
    def logout():
        db.session.add(DeniedToken(jti=g.claims["jti"], expires_at=g.claims["exp"]))
        data = body() or {}
        refresh_token = data.get("refresh_token")
        if isinstance(refresh_token, str):
            try:
                rc = jwt.decode(refresh_token, secret, algorithms=["HS256"])
                if rc.get("sub") == g.claims["sub"] and not db.session.get(DeniedToken, rc["jti"]):
                    db.session.add(DeniedToken(jti=rc["jti"], expires_at=rc["exp"]))
            except jwt.InvalidTokenError:
                pass
        db.session.commit()
        return jsonify({"message": "Logged out"})

    @app.get("/me")
    @authed()
    def me():
        return jsonify({"id": g.user.id, "username": g.user.username, "roles": g.user.role_list(),
                        "permissions": sorted(g.perms)})

    @app.post("/me/password")
    @authed()
    def change_password():
        data = body()
        if data is None or not isinstance(data.get("current_password"), str) or \
                not isinstance(data.get("new_password"), str):
            return error(400, "current_password and new_password are required")
        if not check_password_hash(g.user.password_hash, data["current_password"]):
            audit("user.passwd", "failed", g.user.username, "wrong current password")
            db.session.commit()
            return error(422, "The current password is wrong")
        if len(data["new_password"]) < 8:
            return error(422, "password must be at least 8 characters")
        if data["new_password"] == data["current_password"]:
            return error(422, "the new password must differ from the current one")
        g.user.password_hash = generate_password_hash(data["new_password"])
        audit("user.passwd", "ok", g.user.username)
        db.session.commit()
        return jsonify({"message": "Password changed"})

    # tasks
    def task_for_change(task_id):
        task = db.session.get(Task, task_id)
        if task is None or (task.owner_id != g.user.id and "task.view_all" not in g.perms):
            return None, error(404, "Task not found")
        return task, None

    @app.get("/tasks")
    @authed("task.view")
    def list_tasks():
        q = Task.query
        if "task.view_all" not in g.perms:
            q = q.filter(Task.owner_id == g.user.id)
        if request.args.get("q"):
            like = f"%{request.args['q']}%"
            q = q.filter(db.or_(Task.title.ilike(like), Task.description.ilike(like)))
        if request.args.get("completed") in ("true", "false"):
            q = q.filter(Task.completed == (request.args["completed"] == "true"))
        return page_of(q.order_by(Task.id), Task.to_json)

    @app.post("/tasks")
    @authed("task.create")
    def create_task():
        data = body()
        if data is None:
            return error(400, "JSON body required")
        title = data.get("title")
        if not isinstance(title, str) or not title.strip() or len(title) > 200:
            return error(422, "title must be 1 to 200 characters")
        now = int(time.time())
        task = Task(title=title.strip(), description=str(data.get("description") or ""), owner_id=g.user.id,
                    created_at=now, updated_at=now)
        db.session.add(task)
        db.session.commit()
        return jsonify(task.to_json()), 201

    @app.patch("/tasks/<int:task_id>")
    @authed()
    def update_task(task_id):
        data = body()
        if data is None:
            return error(400, "JSON body required")
        task, err = task_for_change(task_id)
        if err:
            return err
        editing = any(k in data for k in ("title", "description"))
        if editing and "task.edit" not in g.perms:
            return error(403, "Missing permission task.edit")
        if "completed" in data and "task.complete" not in g.perms and "task.edit" not in g.perms:
            return error(403, "Missing permission task.complete")
        if "title" in data:
            if not isinstance(data["title"], str) or not data["title"].strip():
                return error(422, "title must be 1 to 200 characters")
            task.title = data["title"].strip()
        if "description" in data:
            task.description = str(data["description"] or "")
        if "completed" in data:
            if not isinstance(data["completed"], bool):
                return error(422, "completed must be true or false")
            task.completed = data["completed"]
        task.updated_at = int(time.time())
        db.session.commit()
        return jsonify(task.to_json())

    @app.delete("/tasks/<int:task_id>")
    @authed("task.delete")
    def delete_task(task_id):
        task, err = task_for_change(task_id)
        if err:
            return err
        db.session.delete(task)
        db.session.commit()
        return "", 204

    # products
    @app.get("/products")
    @authed("product.view")
    def list_products():
        q = Product.query
        if request.args.get("q"):
            q = q.filter(Product.name.ilike(f"%{request.args['q']}%"))
        return page_of(q.order_by(Product.id), Product.to_json)

    def product_fields(data, product):
        if "name" in data:
            if not isinstance(data["name"], str) or not data["name"].strip():
                return error(422, "name must not be empty")
            clash = Product.query.filter_by(name=data["name"].strip()).first()
            if clash and clash is not product:
                return error(409, "a product with that name exists")
            product.name = data["name"].strip()
        if "price" in data:
            if isinstance(data["price"], bool) or not isinstance(data["price"], (int, float)) or data["price"] < 0:
                return error(422, "price must be a number >= 0")
            product.price = float(data["price"])
        return None

    @app.post("/products")
    @authed("product.create")
    def create_product():
        data = body()
        if data is None or "name" not in data or "price" not in data:
            return error(400, "name and price are required")
        product = Product(name="", price=0)
        err = product_fields(data, product)
        if err:
            return err
        db.session.add(product)
        db.session.commit()
        return jsonify(product.to_json()), 201

    @app.patch("/products/<int:product_id>")
    @authed("product.edit")
    def update_product(product_id):
        data = body()
        if data is None:
            return error(400, "JSON body required")
        product = db.session.get(Product, product_id)
        if product is None:
            return error(404, "Product not found")
        err = product_fields(data, product)
        if err:
            return err
        db.session.commit()
        return jsonify(product.to_json())

    @app.delete("/products/<int:product_id>")
    @authed("product.delete")
    def delete_product(product_id):
        product = db.session.get(Product, product_id)
        if product is None:
            return error(404, "Product not found")
        db.session.delete(product)
        db.session.commit()
        return "", 204

    # users
    def admins():
        return [u for u in User.query.all() if "admin" in u.role_list() and not u.disabled]

    @app.get("/users")
    @authed("user.view")
    def list_users():
        q = User.query
        if request.args.get("q"):
            q = q.filter(User.username.ilike(f"%{request.args['q']}%"))
        return page_of(q.order_by(User.id), User.to_json)

    @app.post("/users")
    @authed("user.manage")
    def create_user():
        data = body()
        if data is None or not isinstance(data.get("username"), str) or not isinstance(data.get("password"), str):
            return error(400, "username and password are required")
        if len(data["password"]) < 8:
            return error(422, "password must be at least 8 characters")
        roles = data.get("roles") or ["user"]
        if not isinstance(roles, list) or any(not db.session.get(Role, r) for r in roles):
            return error(422, "unknown role")
        if User.query.filter_by(username=data["username"]).first():
            return error(409, "username already taken")
        user = User(username=data["username"], password_hash=generate_password_hash(data["password"]),
                    roles=",".join(roles))
        db.session.add(user)
        audit("user.create", "ok", data["username"])
        db.session.commit()
        return jsonify(user.to_json()), 201

    @app.patch("/users/<int:user_id>")
    @authed("user.manage")
    def update_user(user_id):
        data = body()
        if data is None:
            return error(400, "JSON body required")
        user = db.session.get(User, user_id)
        if user is None:
            return error(404, "User not found")
        last_admin = admins() == [user]
        if "roles" in data:
            roles = data["roles"]
            if not isinstance(roles, list) or any(not db.session.get(Role, r) for r in roles):
                return error(422, "unknown role")
            if last_admin and "admin" not in roles:
                return error(409, "the last admin cannot be demoted")
            user.roles = ",".join(roles)
        if "disabled" in data:
            if data["disabled"] and last_admin:
                return error(409, "the last admin cannot be disabled")
            user.disabled = bool(data["disabled"])
        if "password" in data:
            if not isinstance(data["password"], str) or len(data["password"]) < 8:
                return error(422, "password must be at least 8 characters")
            user.password_hash = generate_password_hash(data["password"])
        changed = ",".join(k for k in ("roles", "disabled", "password") if k in data)
        audit("user.update", "ok", user.username, changed)
        db.session.commit()
        return jsonify(user.to_json())

    @app.post("/users/<int:user_id>/unlock")
    @authed("user.manage")
    def unlock_user(user_id):
        user = db.session.get(User, user_id)
        if user is None:
            return error(404, "User not found")
        user.failed_logins = 0
        user.locked_until = 0
        audit("user.unlock", "ok", user.username)
        db.session.commit()
        return jsonify(user.to_json())

    @app.delete("/users/<int:user_id>")
    @authed("user.manage")
    def delete_user(user_id):
        user = db.session.get(User, user_id)
        if user is None:
            return error(404, "User not found")
        if admins() == [user]:
            return error(409, "the last admin cannot be removed")
        audit("user.delete", "ok", user.username)
        db.session.delete(user)
        db.session.commit()
        return "", 204

    # audit
    @app.get("/audit")
    @authed("audit.view")
    def audit_log():
        try:
            limit = min(1000, max(1, int(request.args.get("limit", "100"))))
        except ValueError:
            return error(400, "limit must be a number")
        rows = AuditRecord.query.order_by(AuditRecord.id.desc()).limit(limit).all()
        return jsonify({"items": [r.to_json() for r in rows]})

    # roles
    def role_json(role):
        members = sum(1 for u in User.query.all() if role.name in u.role_list())
        return {"name": role.name, "permissions": role.permission_list(), "builtin": role.builtin, "members": members}

    def valid_permissions(perms):
        return isinstance(perms, list) and all(p in ALL_PERMISSIONS for p in perms)

    @app.get("/roles")
    @authed()
    def list_roles():
        if "role.manage" not in g.perms and "user.view" not in g.perms:
            return error(403, "Missing permission role.manage")
        return jsonify({"items": [role_json(r) for r in Role.query.order_by(Role.name).all()]})

    @app.post("/roles")
    @authed("role.manage")
    def create_role():
        data = body()
        if data is None or not isinstance(data.get("name"), str) or not data["name"].strip():
            return error(400, "name is required")
        if not valid_permissions(data.get("permissions", [])):
            return error(422, "unknown permission")
        if db.session.get(Role, data["name"]):
            return error(409, "role exists")
        role = Role(name=data["name"].strip(), permissions=",".join(data.get("permissions", [])))
        db.session.add(role)
        db.session.commit()
        return jsonify(role_json(role)), 201

    @app.patch("/roles/<name>")
    @authed("role.manage")
    def update_role(name):
        data = body()
        role = db.session.get(Role, name)
        if role is None:
            return error(404, "Role not found")
        if data is None or not valid_permissions(data.get("permissions")):
            return error(422, "unknown permission")
        if role.name == "admin":
            return error(409, "the admin role keeps every permission")
        role.permissions = ",".join(data["permissions"])
        db.session.commit()
        return jsonify(role_json(role))

    @app.delete("/roles/<name>")
    @authed("role.manage")
    def delete_role(name):
        role = db.session.get(Role, name)
        if role is None:
            return error(404, "Role not found")
        if role.builtin:
            return error(409, "built-in roles cannot be deleted")
        db.session.delete(role)
        db.session.commit()
        return "", 204

    return app


if __name__ == "__main__":
    args = serve_util.parser("Gatehouse REST reference server").parse_args()
    serve_util.serve(create_app(), args)
