// `--step`: the demo pauses after each handshake message (`--step=event`:
// after each event) and waits for a key, so a learner can read one message at
// a time:
//
//   Enter  the next message (or event)
//   c      continue to the end of this flight (the next pause is in the
//          other side's answer)
//   s      secrets on/off (the terminal view at level `secrets`; a warning is
//          printed before the first secret)
//   x      hex on/off (level `bytes`)
//   ?      this help
//   q      quit
//
// In the demo: a sink on both sides of the connection, added after the
// terminal views, so each pause comes after the event it follows is printed;
// and a wire tap, to know where a flight ends. In a live `glasstls client` or
// `server --step`: a sink on our side only (tools/tls_options.hpp), which has
// no wire to tap: there a flight ends where our messages change direction.
// At the end of its input it stops pausing.
#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <vector>

#include "tools/demo_wire.hpp"
#include "trace/illustrated_renderer.hpp"

namespace glasstls::tools {

class StepThrough final : public trace::TraceSink, public WireTap {
 public:
  enum class Unit : std::uint8_t { message, event };

  // `quit` runs when the reader types q (the demo exits).
  StepThrough(std::istream& in, std::ostream& out, Unit unit, std::function<void()> quit);

  // The terminal views whose level s and x change.
  void set_views(std::vector<trace::IllustratedRenderer*> views) { views_ = std::move(views); }
  // One side of a live connection: `c` runs to the first message that goes
  // the other way (sent after received, or received after sent).
  void end_flights_by_direction() { by_direction_ = true; }

  void on_event(const trace::Event& event) override;
  bool wants_secrets() const override { return false; }
  void on_flight(Flight& flight) override;

  static constexpr std::string_view kHelp =
      "  Enter: next   c: to the end of this flight   s: secrets on/off   x: hex on/off   "
      "?: help   q: quit";

 private:
  void pause();
  void set_level(trace::TraceLevel level);
  trace::TraceLevel level() const;

  std::istream& in_;
  std::ostream& out_;
  Unit unit_;
  std::function<void()> quit_;
  std::vector<trace::IllustratedRenderer*> views_;
  bool to_flight_end_ = false;  // c: no pause until the next flight
  bool by_direction_ = false;
  std::optional<trace::Direction> last_direction_;  // of the last message (by_direction_)
  bool input_ended_ = false;
};

}  // namespace glasstls::tools
