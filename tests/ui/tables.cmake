# GUI tests for the task/product tables, inspector editing and CSV import/export.
gatehouse_add_test(NAME tst_tablepaging SOURCES tst_tablepaging.cpp GuiFixture.h BulkRows.h LABELS gui
    LIBS gatehouse_ui Qt6::Sql TIMEOUT 180)

# Browses 1,000,000 tasks in the real window and prints peak memory (run by hand; not a test).
add_executable(bench_taskbrowse EXCLUDE_FROM_ALL bench_taskbrowse.cpp GuiFixture.h BulkRows.h)
target_link_libraries(bench_taskbrowse PRIVATE gatehouse_ui Qt6::Test Qt6::Sql gatehouse_warnings)
gatehouse_add_test(NAME tst_inspectoredit SOURCES tst_inspectoredit.cpp LABELS gui LIBS gatehouse_ui TIMEOUT 120)
gatehouse_add_test(NAME tst_tablecsv SOURCES tst_tablecsv.cpp GuiFixture.h BulkRows.h LABELS gui
    LIBS gatehouse_ui Qt6::Sql TIMEOUT 240)
