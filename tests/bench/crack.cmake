# Weak-secret search (issue 3): HS256/384/512 and Flask-session candidates per second, 1 and 2 threads.
# tests/bench/crack_peers.py runs it beside Python's hmac loop and Flask-Unsign's method and prints ratios.
add_executable(bench_crack bench_crack.cpp)
target_link_libraries(bench_crack PRIVATE gatehouse_core benchmark::benchmark gatehouse_warnings)
