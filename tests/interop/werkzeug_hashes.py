#!/usr/bin/python3
"""Interop peer for tests/interop/tst_werkzeug_interop.cpp: the real werkzeug (Debian 12: 2.2.2).

  werkzeug_hashes.py generate COUNT SEED   JSON lines {"password", "hash", "kind"} made by werkzeug
  werkzeug_hashes.py verify                reads JSON lines {"password", "hash"} on stdin, writes
                                           {"ok": bool, "wrong_rejected": bool} per line

werkzeug 2.2 cannot read werkzeug 3's "scrypt:N:r:p$salt$hex"; for those this script computes what
werkzeug 3's check_password_hash computes (hashlib.scrypt, dklen 64, maxmem 132*N*r*p).
Exits non-zero if werkzeug is missing: the C++ test treats that as a failure, never as a skip.
"""
import hashlib
import hmac
import json
import random
import sys

import werkzeug
from werkzeug.security import check_password_hash, generate_password_hash

SALT_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
RANGES = [(0x20, 0x7E), (0xA0, 0xFF), (0x391, 0x3C9), (0x4E00, 0x9FFF), (0x1F600, 0x1F64F)]


def random_password(rng):
    n = rng.randint(0, 40)
    out = []
    for _ in range(n):
        lo, hi = rng.choice(RANGES) if rng.random() < 0.4 else RANGES[0]
        out.append(chr(rng.randint(lo, hi)))
    return "".join(out)


def scrypt_hash(password, salt, n, r, p):
    dk = hashlib.scrypt(password.encode(), salt=salt.encode(), n=n, r=r, p=p, maxmem=132 * n * r * p, dklen=64)
    return f"scrypt:{n}:{r}:{p}${salt}${dk.hex()}"


def check(pwhash, password):
    if pwhash.startswith("scrypt"):  # werkzeug 3 semantics
        method, salt, hexval = pwhash.split("$", 2)
        args = method.split(":")[1:]
        n, r, p = (int(a) for a in args) if args else (2**15, 8, 1)
        return hmac.compare_digest(scrypt_hash(password, salt, n, r, p).split("$", 2)[2], hexval)
    return check_password_hash(pwhash, password)


def generate(count, seed):
    rng = random.Random(seed)
    kinds = ["pbkdf2:sha256", "pbkdf2:sha512", "pbkdf2:sha1", "sha256", "sha1", "md5", "sha512", "scrypt"]
    for i in range(count):
        password = random_password(rng)
        kind = kinds[i % len(kinds)]
        if kind.startswith("pbkdf2:"):
            h = generate_password_hash(password, f"{kind}:{rng.randint(1000, 5000)}")
        elif kind == "scrypt":
            salt = "".join(rng.choice(SALT_CHARS) for _ in range(16))
            h = scrypt_hash(password, salt, rng.choice([256, 1024, 2048]), 8, rng.choice([1, 2]))
        else:
            h = generate_password_hash(password, kind)  # legacy salted HMAC, werkzeug < 2.3 only
        assert check(h, password)
        print(json.dumps({"password": password, "hash": h, "kind": kind}))
    # A few special shapes: werkzeug 2.2's own default, the implicit-iteration form (read by werkzeug
    # 2.2 as 260000) and an unsalted legacy digest.
    password = random_password(rng)
    h = generate_password_hash(password)
    print(json.dumps({"password": password, "hash": h, "kind": "werkzeug 2.2 default"}))
    salt = "".join(rng.choice(SALT_CHARS) for _ in range(16))
    h = "pbkdf2:sha256$%s$%s" % (salt, hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), 260000).hex())
    assert check_password_hash(h, password)
    print(json.dumps({"password": password, "hash": h, "kind": "pbkdf2 implicit iterations"}))
    h = "sha1$$" + hashlib.sha1(password.encode()).hexdigest()
    assert check_password_hash(h, password)
    print(json.dumps({"password": password, "hash": h, "kind": "unsalted sha1"}))


def verify():
    for line in sys.stdin:
        if not line.strip():
            continue
        item = json.loads(line)
        ok = check(item["hash"], item["password"])
        wrong = check(item["hash"], item["password"] + "x")
        print(json.dumps({"ok": ok, "wrong_rejected": not wrong}), flush=True)


def main():
    print(f"werkzeug {werkzeug.__version__}", file=sys.stderr)
    if sys.argv[1] == "generate":
        generate(int(sys.argv[2]), int(sys.argv[3]))
    elif sys.argv[1] == "verify":
        verify()
    else:
        sys.exit("usage: werkzeug_hashes.py generate COUNT SEED | verify")


if __name__ == "__main__":
    main()
