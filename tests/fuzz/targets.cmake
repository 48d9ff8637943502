# One file per area, so features add fuzzers without touching each other's lines.
include(${CMAKE_CURRENT_LIST_DIR}/jwt.cmake OPTIONAL)
include(${CMAKE_CURRENT_LIST_DIR}/password.cmake OPTIONAL)
include(${CMAKE_CURRENT_LIST_DIR}/cookie.cmake OPTIONAL)
include(${CMAKE_CURRENT_LIST_DIR}/jwt_keys.cmake OPTIONAL)
include(${CMAKE_CURRENT_LIST_DIR}/store.cmake OPTIONAL)
