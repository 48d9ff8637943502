#!/usr/bin/python3
"""PyJWT peer for the JWT benchmark: HS256 decode + verify of a typical Flask token.

Prints one JSON object: {"pyjwt_hs256_decode_verify_us": <µs per token>, "pyjwt_version": ...}.
Same token shape as bench_jwt.cpp: header {"alg":"HS256","typ":"JWT"}, payload {"user":"alice","exp":...}.
"""
import json
import time

import jwt

SECRET = "flask-demo-secret-key-for-benchmarks-0123456789"
TOKEN = jwt.encode({"user": "alice", "exp": 4102444800}, SECRET, algorithm="HS256")


def per_call_us(fn, min_seconds=1.0):
    n, elapsed = 1000, 0.0
    while True:
        start = time.perf_counter()
        for _ in range(n):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return elapsed / n * 1e6
        n *= 2


def main():
    us = per_call_us(lambda: jwt.decode(TOKEN, SECRET, algorithms=["HS256"]))
    print(json.dumps({"pyjwt_hs256_decode_verify_us": us, "pyjwt_version": jwt.__version__, "token": TOKEN}))


if __name__ == "__main__":
    main()
