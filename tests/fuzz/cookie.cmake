# Cookie engine and Flask session decoder (issue 3)
gatehouse_add_fuzzer(fuzz_set_cookie fuzz_set_cookie.cpp RUNS 100000)
gatehouse_add_fuzzer(fuzz_http_paste fuzz_http_paste.cpp RUNS 50000)
gatehouse_add_fuzzer(fuzz_flask_cookie fuzz_flask_cookie.cpp RUNS 100000)
