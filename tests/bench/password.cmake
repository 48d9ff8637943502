# PBKDF2 (ours vs OpenSSL's PKCS5_PBKDF2_HMAC) and scrypt verification; password_peers.py runs it beside
# Python's hashlib and prints the ratios.
add_executable(bench_password bench_password.cpp)
target_link_libraries(bench_password PRIVATE gatehouse_core benchmark::benchmark gatehouse_warnings)
