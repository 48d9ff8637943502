# werkzeug hash-string parser plus verification of the cheap ones
gatehouse_add_fuzzer(fuzz_password_hash fuzz_password_hash.cpp RUNS 100000)
