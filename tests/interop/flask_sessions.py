#!/usr/bin/python3
"""Flask side of tst_flask_session_interop (run with Debian's /usr/bin/python3 + python3-flask).

  flask_sessions.py sign N SEED SECRET     -> N JSON lines {"cookie", "typed"} signed by Flask's
                                              SecureCookieSessionInterface (random nested sessions)
  flask_sessions.py load SECRET < lines     -> for each {"cookie"} line: {"ok", "typed"|"error"} as Flask
                                              loads it

"typed" is Gatehouse's typed form (core/flask/FlaskTaggedJson.h): tuple/bytes/uuid/markup/datetime as
{"$type", "value"}; everything else plain JSON.
"""
import base64
import datetime
import json
import random
import sys
import uuid

from flask import Flask
from markupsafe import Markup


def typed(v):
    if isinstance(v, dict):
        return {k: typed(x) for k, x in v.items()}
    if isinstance(v, list):
        return [typed(x) for x in v]
    if isinstance(v, tuple):
        return {"$type": "tuple", "value": [typed(x) for x in v]}
    if isinstance(v, bytes):
        return {"$type": "bytes", "value": base64.b64encode(v).decode("ascii")}
    if isinstance(v, Markup):
        return {"$type": "markup", "value": str(v)}
    if isinstance(v, uuid.UUID):
        return {"$type": "uuid", "value": str(v)}
    if isinstance(v, datetime.datetime):
        if v.tzinfo is None:
            v = v.replace(tzinfo=datetime.timezone.utc)
        return {"$type": "datetime", "value": v.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
    return v


def rand_str(r):
    alphabet = "abcdefghijklmnopqrstuvwxyz ABC_-0123456789éü中文\"\\/<>&'\t"
    return "".join(r.choice(alphabet) for _ in range(r.randint(0, 12)))


def rand_scalar(r):
    k = r.randint(0, 11)
    if k == 0:
        return r.randint(-2**53 + 1, 2**53 - 1)
    if k == 1:
        return r.randint(-1000, 1000) / 8.0
    if k == 2:
        return r.choice([True, False, None])
    if k == 3:
        return bytes(r.getrandbits(8) for _ in range(r.randint(0, 24)))
    if k == 4:
        return uuid.UUID(int=r.getrandbits(128))
    if k == 5:
        return datetime.datetime(r.randint(1971, 2037), r.randint(1, 12), r.randint(1, 28), r.randint(0, 23),
                                 r.randint(0, 59), r.randint(0, 59), tzinfo=datetime.timezone.utc)
    if k == 6:
        return Markup("<b>%s</b>") % rand_str(r)
    if k == 7:
        return "x" * r.randint(200, 3000)  # compressible: forces the zlib form
    return rand_str(r)


def rand_value(r, depth=0):
    k = r.randint(0, 9)
    if depth < 3 and k == 0:
        return {rand_str(r): rand_value(r, depth + 1) for _ in range(r.randint(0, 4))}
    if depth < 3 and k == 1:
        return [rand_value(r, depth + 1) for _ in range(r.randint(0, 4))]
    if depth < 3 and k == 2:
        return tuple(rand_value(r, depth + 1) for _ in range(r.randint(0, 4)))
    if depth < 3 and k == 3:
        return {r.choice([" t", " u", " b", " m", " d", " di"]): rand_value(r, depth + 1)}  # ' di' case
    return rand_scalar(r)


def serializer(secret):
    app = Flask("gatehouse-interop")
    app.secret_key = secret
    return app.session_interface.get_signing_serializer(app)


def main():
    if sys.argv[1] == "sign":
        n, seed, secret = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
        r = random.Random(seed)
        s = serializer(secret)
        for i in range(n):
            session = {"_user_id": str(i), "_fresh": r.choice([True, False])}
            for _ in range(r.randint(0, 6)):
                session[rand_str(r)] = rand_value(r)
            cookie = s.dumps(session)
            print(json.dumps({"cookie": cookie, "typed": typed(session)}))
    elif sys.argv[1] == "load":
        s = serializer(sys.argv[2])
        for line in sys.stdin:
            if not line.strip():
                continue
            cookie = json.loads(line)["cookie"]
            try:
                print(json.dumps({"ok": True, "typed": typed(s.loads(cookie))}))
            except Exception as e:  # BadSignature and friends
                print(json.dumps({"ok": False, "error": type(e).__name__}))
    else:
        sys.exit("usage: flask_sessions.py sign N SEED SECRET | load SECRET")


if __name__ == "__main__":
    main()
