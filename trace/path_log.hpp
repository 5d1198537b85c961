// PathLog: a TraceSink that keeps the certificate path-building steps
// (x509::verify_path's trace::PathEvents) for a report printed after the
// search: `glasstls x509 verify`, the demo, the tests. Other events are ignored.
//
//   trace::PathLog log;
//   options.sink = &log;
//   auto chain = x509::verify_path(leaf, intermediates, roots, options, &why);
//   for (const auto& step : log.steps()) std::cout << trace::path_log_line(step) << '\n';
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "trace/events.hpp"
#include "trace/text_renderer.hpp"

namespace glasstls::trace {

class PathLog final : public TraceSink {
 public:
  void on_event(const Event& event) override {
    if (const auto* step = std::get_if<PathEvent>(&event)) steps_.push_back(*step);
  }
  const std::vector<PathEvent>& steps() const { return steps_; }

 private:
  std::vector<PathEvent> steps_;
};

// The step indented by its depth, "+" when it passed and "-" when it failed:
// "  + trying trust anchor CN=Root (key id 0a1b...)".
inline std::string path_log_line(const PathEvent& e) {
  return std::string(e.depth * 2, ' ') + (e.ok ? "+ " : "- ") + describe_path_step(e);
}

}  // namespace glasstls::trace
