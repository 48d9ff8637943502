# CSV import reader (local mode, issue 4): parse, then format/parse round trip
gatehouse_add_fuzzer(fuzz_csv fuzz_csv.cpp RUNS 100000)
