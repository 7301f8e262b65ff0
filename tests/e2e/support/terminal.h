#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "common/error.h"
#include "tests/e2e/support/process.h"

namespace ds01::e2e {

/// A command run on a pseudo-terminal that the test drives as a person at a terminal would:
/// typing keys, reading the screen's bytes, resizing the window.
class Terminal {
 public:
  /// Starts `spec` on a new terminal of `rows` × `cols`.
  static Result<std::unique_ptr<Terminal>> Start(const ProcessSpec& spec, unsigned short rows,
                                                 unsigned short cols);
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;
  /// Kills the command if it still runs.
  ~Terminal();

  /// Sends `keys` as typed ("\x03" is Ctrl-C, "\x04" Ctrl-D).
  void Type(std::string_view keys);
  /// Reads until what came after the last Expect holds `text`; true once it does, false when
  /// `timeout` passes or the command's side closes first.
  bool Expect(std::string_view text, std::chrono::milliseconds timeout = std::chrono::seconds(20));
  /// Changes the window's size; the command gets SIGWINCH.
  void Resize(unsigned short rows, unsigned short cols);
  /// Waits for the command to end: its exit code, or -1 when it was killed or `timeout` passed.
  int Wait(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  /// Everything the command wrote so far.
  const std::string& screen() const { return screen_; }

 private:
  Terminal(pid_t pid, int master) : pid_(pid), master_(master) {}

  pid_t pid_;
  int master_;
  std::string screen_;
  std::size_t expected_up_to_ = 0;
};

}  // namespace ds01::e2e
