#include "tools/step_through.hpp"

#include <istream>
#include <ostream>
#include <string>

namespace glasstls::tools {

StepThrough::StepThrough(std::istream& in, std::ostream& out, Unit unit, std::function<void()> quit)
    : in_(in), out_(out), unit_(unit), quit_(std::move(quit)) {}

void StepThrough::on_event(const trace::Event& event) {
  if (const auto* m = std::get_if<trace::MessageEvent>(&event); m && by_direction_) {
    if (last_direction_ && *last_direction_ != m->direction) to_flight_end_ = false;
    last_direction_ = m->direction;
  }
  if (unit_ == Unit::message && !std::holds_alternative<trace::MessageEvent>(event)) return;
  if (to_flight_end_ || input_ended_) return;
  pause();
}

void StepThrough::on_flight(Flight&) { to_flight_end_ = false; }

trace::TraceLevel StepThrough::level() const {
  return views_.empty() ? trace::TraceLevel::fields : views_.front()->level();
}

void StepThrough::set_level(trace::TraceLevel level) {
  for (auto* v : views_) v->set_level(level);
}

void StepThrough::pause() {
  for (;;) {
    out_ << "[step] Enter: next, ?: help > " << std::flush;
    std::string line;
    if (!std::getline(in_, line)) {
      // No more input (a pipe, or ^D): the rest runs without pauses.
      input_ended_ = true;
      out_ << "\n";
      return;
    }
    const char key = line.empty() ? '\n' : line.front();
    switch (key) {
      case '\n': return;
      case 'c': to_flight_end_ = true; return;
      case 's': {
        const bool on = level() != trace::TraceLevel::secrets;
        set_level(on ? trace::TraceLevel::secrets : trace::TraceLevel::bytes);
        out_ << (on ? "  secrets on (from the next event): " +
                          std::string(trace::IllustratedRenderer::kSecretsWarning)
                    : std::string("  secrets off"))
             << "\n";
        break;
      }
      case 'x': {
        const bool on = level() < trace::TraceLevel::bytes;
        set_level(on ? trace::TraceLevel::bytes : trace::TraceLevel::fields);
        out_ << (on ? "  hex on" : "  hex off (and secrets off)") << "\n";
        break;
      }
      case 'q':
        out_ << "  stopped.\n" << std::flush;
        quit_();
        input_ended_ = true;  // when quit_ returns (tests): no more pauses
        return;
      default: out_ << kHelp << "\n"; break;
    }
  }
}

}  // namespace glasstls::tools
