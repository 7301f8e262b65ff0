#pragma once

#include <chrono>

namespace ds01::cli {

/// Paces a display that redraws itself (container-stats --watch): waits between redraws and
/// says when the user wants it to end.
class Pacer {
 public:
  virtual ~Pacer() = default;
  /// Waits `interval`; false when the user asked to stop (Ctrl-C) instead.
  virtual bool Wait(std::chrono::milliseconds interval) = 0;
};

/// Sleeps for real. A Ctrl-C (SIGINT) that arrives while it waits ends the wait and reports the
/// stop; one that arrives at any other time keeps its default effect of ending the process.
class InterruptiblePacer final : public Pacer {
 public:
  bool Wait(std::chrono::milliseconds interval) override;
};

}  // namespace ds01::cli
