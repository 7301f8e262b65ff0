#include "cli/pacer.h"

#include <signal.h>

#include <cerrno>
#include <ctime>

namespace ds01::cli {

bool InterruptiblePacer::Wait(std::chrono::milliseconds interval) {
  // SIGINT is blocked only while waiting, and taken with sigtimedwait: no handler, no global flag.
  sigset_t interrupt;
  sigemptyset(&interrupt);
  sigaddset(&interrupt, SIGINT);
  sigset_t previous;
  sigprocmask(SIG_BLOCK, &interrupt, &previous);
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(interval);
  timespec timeout{};
  timeout.tv_sec = static_cast<time_t>(seconds.count());
  timeout.tv_nsec = static_cast<long>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(interval - seconds).count());
  int taken = -1;
  do {
    taken = sigtimedwait(&interrupt, nullptr, &timeout);
  } while (taken < 0 && errno == EINTR);
  sigprocmask(SIG_SETMASK, &previous, nullptr);
  return taken != SIGINT;
}

}  // namespace ds01::cli
