# GUI tests for remote mode, remember-me and the Current session panel.
gatehouse_add_test(NAME tst_remoteflow SOURCES tst_remoteflow.cpp GuiFixture.h LatencyProbe.h
    ${PROJECT_SOURCE_DIR}/tests/integration/TestServer.cpp ${PROJECT_SOURCE_DIR}/tests/integration/TestServer.h
    LABELS gui integration LIBS gatehouse_ui TIMEOUT 240)
target_include_directories(tst_remoteflow PRIVATE ${PROJECT_SOURCE_DIR}/tests/integration)
gatehouse_add_test(NAME tst_sessionview SOURCES tst_sessionview.cpp GuiFixture.h LABELS gui LIBS gatehouse_ui TIMEOUT 120)

# The screenshot driver's remote steps start the reference servers like the integration tests do.
target_sources(gatehouse_screenshots PRIVATE ${PROJECT_SOURCE_DIR}/tests/integration/TestServer.cpp)
target_include_directories(gatehouse_screenshots PRIVATE ${PROJECT_SOURCE_DIR}/tests/integration)
target_compile_definitions(gatehouse_screenshots PRIVATE GATEHOUSE_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    GATEHOUSE_PYTHON="${GATEHOUSE_PYTHON}")
