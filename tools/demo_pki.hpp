// `glasstls demo pki`: the whole PKI story, step by step (tools/demo_pki.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace glasstls::tools {

// Prints the story; `seed` makes every byte reproducible, `out_dir` (may be
// empty) receives every key, request and certificate. The exit code.
int run_pki_story(std::optional<std::uint64_t> seed, const std::string& out_dir);

}  // namespace glasstls::tools
