#!/usr/bin/python3
"""PyJWT side of the JWT interop test (tests/interop/tst_pyjwt_interop.cpp).

  generate COUNT SEED   print COUNT JSON lines {alg, token, key, claims}: tokens signed by PyJWT with
                        random claims; `key` is the verification key (public PEM, or the HMAC secret).
  es256k                print one ES256K token (an algorithm Gatehouse refuses)
  verify                read JSON lines {alg, token, key, claims} (tokens Gatehouse signed) from stdin and
                        print one JSON line per token: {ok, claims_equal, error}.

Runs with Debian's python3-jwt and python3-cryptography; fails loudly if they are missing.
"""
import json
import random
import string
import sys

import jwt  # python3-jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

# Every algorithm PyJWT offers here that JOSE registers, except ES256K (secp256k1), which Gatehouse does
# not support: the C++ side checks that separately.
ALGS = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
        "ES256", "ES384", "ES512", "EdDSA"]


def pem_private(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def pem_public(key):
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def make_keys(rng):
    rsa2048 = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    rsa3072 = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    return {
        "RS": [rsa2048, rsa3072],
        "ES256": [ec.generate_private_key(ec.SECP256R1())],
        "ES384": [ec.generate_private_key(ec.SECP384R1())],
        "ES512": [ec.generate_private_key(ec.SECP521R1())],
        "EdDSA": [ed25519.Ed25519PrivateKey.generate()],
    }


def random_text(rng, n):
    alphabet = string.ascii_letters + string.digits + " _-.:/<>&\"'\\" + "éüß漢字🙂"
    return "".join(rng.choice(alphabet) for _ in range(n))


def random_value(rng, depth=0):
    kind = rng.randrange(7 if depth < 2 else 4)
    if kind == 0:
        return rng.randrange(-10**9, 10**9)
    if kind == 1:
        return random_text(rng, rng.randrange(0, 24))
    if kind == 2:
        return rng.choice([True, False, None])
    if kind == 3:
        return round(rng.uniform(-1e6, 1e6), 3)
    if kind == 4:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(0, 4))]
    return {random_text(rng, rng.randrange(1, 8)): random_value(rng, depth + 1) for _ in range(rng.randrange(0, 4))}


def random_claims(rng, now):
    claims = {"sub": random_text(rng, rng.randrange(1, 16)), "iat": now, "exp": now + rng.randrange(60, 86400)}
    if rng.random() < 0.5:
        claims["nbf"] = now - rng.randrange(0, 30)
    if rng.random() < 0.5:
        claims["iss"] = "https://issuer.example/" + random_text(rng, 5)
    if rng.random() < 0.3:
        claims["jti"] = "".join(rng.choice(string.hexdigits) for _ in range(16))
    for _ in range(rng.randrange(0, 6)):
        claims["x_" + "".join(rng.choice(string.ascii_lowercase) for _ in range(6))] = random_value(rng)
    return claims


def generate(count, seed):
    rng = random.Random(seed)
    keys = make_keys(rng)
    import time
    now = int(time.time())
    for i in range(count):
        alg = ALGS[i % len(ALGS)]
        claims = random_claims(rng, now)
        headers = {"kid": "k%d" % rng.randrange(100)} if rng.random() < 0.3 else None
        if alg.startswith("HS"):
            secret = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(rng.randrange(64, 80)))
            token = jwt.encode(claims, secret, algorithm=alg, headers=headers)
            key = secret
        else:
            family = "RS" if alg[:2] in ("RS", "PS") else alg
            private = rng.choice(keys[family])
            token = jwt.encode(claims, private, algorithm=alg, headers=headers)  # key object: no PEM re-parse
            key = pem_public(private)
        print(json.dumps({"alg": alg, "token": token, "key": key, "claims": claims}, ensure_ascii=False))


def verify():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        item = json.loads(line)
        try:
            decoded = jwt.decode(item["token"], item["key"], algorithms=[item["alg"]],
                                 options={"verify_aud": False}, leeway=60)
            print(json.dumps({"ok": True, "claims_equal": decoded == item.get("claims", decoded)}))
        except Exception as e:  # report, do not crash: the C++ side counts failures
            print(json.dumps({"ok": False, "claims_equal": False, "error": "%s: %s" % (type(e).__name__, e)}))


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "generate":
        generate(int(sys.argv[2]), int(sys.argv[3]))
    elif len(sys.argv) >= 2 and sys.argv[1] == "es256k":
        # One ES256K (secp256k1) token: an algorithm PyJWT has and Gatehouse deliberately does not.
        key = ec.generate_private_key(ec.SECP256K1())
        print(json.dumps({"alg": "ES256K", "token": jwt.encode({"sub": "x"}, key, algorithm="ES256K"),
                          "key": pem_public(key)}))
    elif len(sys.argv) >= 2 and sys.argv[1] == "verify":
        verify()
    else:
        sys.exit(__doc__)
