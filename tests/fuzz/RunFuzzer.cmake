# Runs one libFuzzer target for a bounded number of iterations, seeded from the committed corpus.
file(MAKE_DIRECTORY ${CORPUS})
if(EXISTS ${SEEDS})
    file(GLOB seed_files ${SEEDS}/*)
    foreach(f ${seed_files})
        file(COPY ${f} DESTINATION ${CORPUS})
    endforeach()
endif()
execute_process(COMMAND ${FUZZER} -runs=${RUNS} -max_len=8192 -timeout=10 -rss_limit_mb=2048
                        -print_final_stats=1 ${CORPUS}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "fuzzer ${FUZZER} failed (exit ${rc})")
endif()
