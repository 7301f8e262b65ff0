#pragma once

#include <ostream>

#include "common/error.h"

namespace ds01::cli {

/// ds01's exit statuses (DESIGN.md §8, docs/api.md).
enum ExitStatus : int {
  kExitOk = 0,
  kExitError = 1,        // anything else that failed
  kExitUsage = 2,        // the command line was wrong
  kExitNotFound = 3,     // no such container (or not yours)
  kExitRefused = 4,      // refused by limits, permissions or the container's state
  kExitUnreachable = 5,  // ds01d or the Docker engine cannot be reached
};

/// The exit status of a wait (container-health --wait, container-wait) whose --timeout ran out,
/// as timeout(1) has it.
inline constexpr int kExitTimedOut = 124;

/// The exit status a failure of kind `code` ends ds01 with.
ExitStatus ExitStatusFor(ErrorCode code);

/// Writes "Error: <message>" and, when there is a hint, "Fix: <hint>", one line each.
void PrintError(std::ostream& err, const Error& error);

}  // namespace ds01::cli
