// Runs every GLASSTLS_CT_CASE of a ct subject in order (see ct_harness.hpp).
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "tests/ct/ct_harness.hpp"

namespace glasstls::ct_test {
namespace {

struct Case {
  const char* name;
  CaseFn fn;
};

std::vector<Case>& registry() {
  static std::vector<Case> cases;
  return cases;
}

int failures = 0;
bool skipped = false;

}  // namespace

Registrar::Registrar(const char* name, CaseFn fn) { registry().push_back({name, fn}); }

void check(bool ok, const char* what) {
  if (ok) return;
  ++failures;
  std::printf("  FAILED: %s\n", what);
}

void skip(const char* reason) {
  skipped = true;
  // The marker ctest's SKIP_REGULAR_EXPRESSION looks for.
  std::printf("  CT-SKIP: %s\n", reason);
}

bool running_on_valgrind() { return RUNNING_ON_VALGRIND != 0; }

}  // namespace glasstls::ct_test

int main() {
  using namespace glasstls::ct_test;
  if (!running_on_valgrind()) {
    std::printf("note: not running under valgrind: only the functional checks run\n");
  }
  for (const Case& c : registry()) {
    std::printf("case: %s\n", c.name);
    std::fflush(stdout);
    c.fn();
  }
  // run_ct.cmake looks for this line to tell a finished run from a crash.
  std::printf("ct: %zu cases ran, %d functional failures%s\n", registry().size(), failures,
              skipped ? " (skipped)" : "");
  return failures == 0 ? 0 : 1;
}
