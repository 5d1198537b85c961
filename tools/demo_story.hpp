// `glasstls demo`: the whole story in one process (tools/demo_story.cpp).
#pragma once

#include "tools/demo_options.hpp"

namespace glasstls::tools {

// Prints the story the options ask for; the exit code (2: bad usage).
int run_demo(const DemoOptions& options);

}  // namespace glasstls::tools
