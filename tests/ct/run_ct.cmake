# Runs one ct subject under valgrind memcheck and turns the outcome into a verdict.
#
#   cmake -DVALGRIND=<valgrind> -DEXE=<subject> [-DEXPECT_REPORT=<regex> -DFUNCTION=<name>]
#         -P run_ct.cmake
#
# Normal subject: passes when valgrind reports no error and the program ran all
# its cases. Self-test (EXPECT_REPORT given): passes only when valgrind reports
# an error matching EXPECT_REPORT with FUNCTION in its stack, and the program
# still ran to its end (so a crash never counts as "the leak was found").
cmake_minimum_required(VERSION 3.25)

# --error-exitcode=99 : memcheck found something (distinct from the subject's own 1)
# --track-origins=yes : each report also says where the secret came from
# --leak-check=no     : leaks are not timing leaks
# --expensive-definedness-checks=yes : exact definedness through add/sub/compare,
#                       so mask arithmetic on secrets is not misreported
set(args --tool=memcheck --error-exitcode=99 --track-origins=yes --leak-check=no
    --expensive-definedness-checks=yes --num-callers=30)

execute_process(COMMAND ${VALGRIND} ${args} ${EXE}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(JOIN " " shown ${args})
message("$ ${VALGRIND} ${shown} ${EXE}\n--- program output ---\n${out}--- valgrind ---\n${err}--- end ---")

set(finished FALSE)
if(out MATCHES "ct: [0-9]+ cases ran")
  set(finished TRUE)
endif()

if(err MATCHES "unhandled instruction bytes" OR rc MATCHES "[Ii]llegal")
  message(FATAL_ERROR "ct: CRASHED under valgrind on an instruction valgrind cannot decode "
    "(SIGILL): the subject called an accelerated backend that valgrind does not emulate. "
    "Check cpu_features() before calling it (see sha256_shani.cpp).")
endif()

if(err MATCHES "debuginfo reader|can't recover")
  message(FATAL_ERROR "ct: valgrind could not read the program's debug information "
    "(a DWARF version it does not know?). The ct programs are built with -gdwarf-4 for "
    "that reason: check glasstls_ct_flags in tests/ct/CMakeLists.txt.")
endif()

if(DEFINED EXPECT_REPORT)
  if(NOT rc STREQUAL "99")
    message(FATAL_ERROR "ct self-test: expected valgrind to report a secret-dependent "
      "branch or index (exit code 99), got '${rc}'. The checker is blind or the program failed.")
  endif()
  if(NOT err MATCHES "${EXPECT_REPORT}")
    message(FATAL_ERROR "ct self-test: valgrind reported errors, but none matches '${EXPECT_REPORT}'")
  endif()
  if(NOT err MATCHES "${FUNCTION}")
    message(FATAL_ERROR "ct self-test: the report does not point at ${FUNCTION}")
  endif()
  if(NOT finished)
    message(FATAL_ERROR "ct self-test: the program did not run to its end (a crash?)")
  endif()
  message("ct self-test: PASS: valgrind flagged the leak in ${FUNCTION}, as it must")
  return()
endif()

if(rc STREQUAL "99")
  message(FATAL_ERROR "ct: SECRET-DEPENDENT BRANCH OR MEMORY INDEX: see the first "
    "'Conditional jump or move depends on uninitialised value(s)' or 'Use of uninitialised "
    "value' report above; its stack is the leak, 'Uninitialised value was created by a "
    "client request' is the secret() call it came from.")
endif()
if(NOT rc STREQUAL "0")
  message(FATAL_ERROR "ct: the subject failed (exit '${rc}'): a functional check failed or it crashed")
endif()
if(NOT finished)
  message(FATAL_ERROR "ct: the subject did not print its final line")
endif()
message("ct: PASS")
