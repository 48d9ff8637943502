#!/usr/bin/env python3
"""Builds resources/wordlists/gatehouse-secrets.txt, the weak-secret dictionary Gatehouse ships.

Sources (both MIT, licence notices copied beside the output):
  - the secrets tutorials use (listed below), first, so the search tries them first;
  - ../shared/data/wordlists/flask-unsign/all.txt: one Python string literal per line, decoded with
    ast.literal_eval (escapes and quotes as Python reads them);
  - ../shared/data/wordlists/wallarm-jwt-secrets/jwt.secrets.list: one raw secret per line.

Whitespace is significant in a secret, so nothing is stripped except the line terminator. The output
is one secret per line (UTF-8), deduplicated keeping the first occurrence. A secret that contains a
line break or NUL cannot be written on one line and is left out (counted on stderr). The empty secret
is not listed: the search tries it itself.

Run: /usr/bin/python3 tools/build-wordlist.py   (from the repository root)
"""
import ast
import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "..", "shared", "data", "wordlists")
OUT_DIR = os.path.join(ROOT, "resources", "wordlists")

TUTORIAL_SECRETS = [
    "supersecretkey", "mysecretkey", "myjwtsecret", "my_secret_key", "supersecret", "jwt-secret",
    "secret", "changeme", "secret-key", "secret_key", "SECRET_KEY", "mysecret", "my-secret-key",
    "your-secret-key", "your_secret_key", "super-secret", "super-secret-key", "super_secret_key",
    "jwt_secret", "jwt-secret-key", "jwt_secret_key", "JWT_SECRET_KEY", "dev", "development",
    "development-key", "default", "password", "changethis", "change-me", "change_me", "s3cr3t",
    "you-will-never-guess", "hard to guess string", "hard-to-guess-string", "secretkey", "key",
    "flask-secret", "flask_secret_key", "top secret", "topsecret", "not-so-secret", "test", "testing",
]


def main():
    seen = set()
    out = []
    dropped = 0

    def add(secret):
        nonlocal dropped
        if secret == "" or secret in seen:
            return
        if "\n" in secret or "\r" in secret or "\x00" in secret:
            dropped += 1
            return
        seen.add(secret)
        out.append(secret)

    for s in TUTORIAL_SECRETS:
        add(s)
    bad_literals = 0
    with open(os.path.join(DATA, "flask-unsign", "all.txt"), "rb") as f:
        for raw in f:
            line = raw.decode("utf-8", "surrogateescape").rstrip("\n")
            if line.endswith("\r"):
                line = line[:-1]
            if not line:
                continue
            try:
                value = ast.literal_eval(line)
            except (ValueError, SyntaxError):
                bad_literals += 1
                continue
            if isinstance(value, bytes):
                value = value.decode("utf-8", "surrogateescape")
            if not isinstance(value, str):
                bad_literals += 1
                continue
            add(value)
    with open(os.path.join(DATA, "wallarm-jwt-secrets", "jwt.secrets.list"), "rb") as f:
        for raw in f:
            line = raw.decode("utf-8", "surrogateescape").rstrip("\n")
            if line.endswith("\r"):
                line = line[:-1]
            add(line)

    os.makedirs(OUT_DIR, exist_ok=True)
    encoded = []
    unencodable = 0
    for s in out:
        try:
            encoded.append(s.encode("utf-8"))
        except UnicodeEncodeError:
            unencodable += 1
    with open(os.path.join(OUT_DIR, "gatehouse-secrets.txt"), "wb") as f:
        f.write(b"\n".join(encoded) + b"\n")
    shutil.copyfile(os.path.join(DATA, "flask-unsign", "LICENSE"), os.path.join(OUT_DIR, "LICENSE.flask-unsign-wordlist"))
    shutil.copyfile(os.path.join(DATA, "wallarm-jwt-secrets", "LICENSE"), os.path.join(OUT_DIR, "LICENSE.wallarm-jwt-secrets"))
    print(f"{len(encoded)} secrets written; {dropped} with line breaks/NUL left out; "
          f"{bad_literals} unparsable literals; {unencodable} not UTF-8", file=sys.stderr)


if __name__ == "__main__":
    main()
