"""A typical Flask + Flask-SQLAlchemy app with users, tasks and products, as tutorials write it.

Gatehouse adopts the SQLite file this app uses; tst_flask_local_interop runs it against a database that
Gatehouse created and edited. The models below define the exact DDL Gatehouse's schema must match.

Usage: app.py serve DB_PATH        serve on a free loopback port; prints {"port": N} on stdout when ready
       app.py ddl DB_PATH          create the tables (db.create_all) and print their CREATE statements
       app.py register DB_PATH USERNAME METHOD   (password on stdin) register like the /register route
"""
import json
import os
import sys

from flask import Flask, jsonify, request, session
from flask_sqlalchemy import SQLAlchemy
from werkzeug.security import check_password_hash, generate_password_hash

db = SQLAlchemy()


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), unique=True, nullable=False)
    password = db.Column(db.String(200), nullable=False)


class Task(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    completed = db.Column(db.Boolean, default=False)


class Product(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(100), nullable=False)
    price = db.Column(db.Float, nullable=False)


def create_app(db_path):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.abspath(db_path)
    app.config["SECRET_KEY"] = os.urandom(32)
    db.init_app(app)
    with app.app_context():
        db.create_all()

    @app.post("/register")
    def register():
        data = request.get_json(force=True)
        if User.query.filter_by(username=data["username"]).first():
            return jsonify(message="user exists"), 409
        method = data.get("method", "pbkdf2:sha256")
        db.session.add(User(username=data["username"],
                            password=generate_password_hash(data["password"], method=method)))
        db.session.commit()
        return jsonify(message="registered"), 201

    @app.post("/login")
    def login():
        data = request.get_json(force=True)
        user = User.query.filter_by(username=data.get("username", "")).first()
        if user is None or not check_password_hash(user.password, data.get("password", "")):
            return jsonify(message="invalid credentials"), 401
        session["user_id"] = user.id
        return jsonify(message="ok", id=user.id)

    def require_login():
        return session.get("user_id") is not None

    @app.get("/tasks")
    def tasks():
        if not require_login():
            return jsonify(message="login required"), 401
        return jsonify([{"id": t.id, "title": t.title, "completed": t.completed}
                        for t in Task.query.order_by(Task.id)])

    @app.get("/products")
    def products():
        if not require_login():
            return jsonify(message="login required"), 401
        return jsonify([{"id": p.id, "name": p.name, "price": p.price}
                        for p in Product.query.order_by(Product.id)])

    @app.get("/users")
    def users():
        if not require_login():
            return jsonify(message="login required"), 401
        return jsonify([{"id": u.id, "username": u.username} for u in User.query.order_by(User.id)])

    @app.post("/tasks")
    def add_task():
        if not require_login():
            return jsonify(message="login required"), 401
        data = request.get_json(force=True)
        t = Task(title=data["title"], completed=bool(data.get("completed", False)))
        db.session.add(t)
        db.session.commit()
        return jsonify(id=t.id), 201

    @app.patch("/tasks/<int:task_id>")
    def edit_task(task_id):
        if not require_login():
            return jsonify(message="login required"), 401
        t = db.session.get(Task, task_id)
        if t is None:
            return jsonify(message="not found"), 404
        data = request.get_json(force=True)
        if "title" in data:
            t.title = data["title"]
        if "completed" in data:
            t.completed = bool(data["completed"])
        db.session.commit()
        return jsonify(id=t.id)

    @app.delete("/tasks/<int:task_id>")
    def delete_task(task_id):
        if not require_login():
            return jsonify(message="login required"), 401
        t = db.session.get(Task, task_id)
        if t is None:
            return jsonify(message="not found"), 404
        db.session.delete(t)
        db.session.commit()
        return jsonify(message="deleted")

    return app


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    app = create_app(path)
    if cmd == "ddl":
        import sqlite3
        con = sqlite3.connect(path)
        for (sql,) in con.execute("SELECT sql FROM sqlite_master WHERE type='table' ORDER BY name"):
            print(sql + ";")
        return
    if cmd == "register":
        username, method = sys.argv[3], sys.argv[4]
        password = sys.stdin.read()
        with app.app_context():
            db.session.add(User(username=username, password=generate_password_hash(password, method=method)))
            db.session.commit()
        return
    if cmd == "serve":
        from werkzeug.serving import make_server
        server = make_server("127.0.0.1", 0, app, threaded=False)
        print(json.dumps({"port": server.server_port}), flush=True)
        # Stops when the test closes our stdin or kills us.
        server.serve_forever()
        return
    raise SystemExit("unknown command " + cmd)


if __name__ == "__main__":
    main()
