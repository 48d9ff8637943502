# keys and signatures: PEM/DER/JWK/JWKS/HMAC-secret loading on hostile input
gatehouse_add_fuzzer(fuzz_jwk_pem fuzz_jwk_pem.cpp RUNS 15000)
