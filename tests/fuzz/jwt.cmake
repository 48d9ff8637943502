# tokens, claims, findings: the token parser (with lint and verify), base64url strict/lenient, strict JSON
gatehouse_add_fuzzer(fuzz_jwt_token fuzz_jwt_token.cpp RUNS 60000)
gatehouse_add_fuzzer(fuzz_base64url fuzz_base64url.cpp RUNS 200000)
gatehouse_add_fuzzer(fuzz_strict_json fuzz_strict_json.cpp RUNS 100000)
