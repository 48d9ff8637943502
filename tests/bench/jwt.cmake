# HS256 decode + verify of a typical Flask token: Gatehouse's verifier beside the "jwt-cpp approach"
# (a JSON DOM plus one-shot OpenSSL HMAC per token) in the same binary.
add_executable(bench_jwt bench_jwt.cpp)
target_link_libraries(bench_jwt PRIVATE gatehouse_core benchmark::benchmark gatehouse_warnings)
