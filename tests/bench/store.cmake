# Local-mode store (issue 4): 1M-task list and search through TaskService beside the sqlite3 shell on the
# same file, 100k-task CSV import, peak memory. Run: bench_store [--tasks N].
add_executable(bench_store bench_store.cpp)
target_link_libraries(bench_store PRIVATE gatehouse_core benchmark::benchmark gatehouse_warnings)
