#include "cli/exit_status.h"

namespace ds01::cli {

ExitStatus ExitStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return kExitUsage;
    case ErrorCode::kNotFound:
      return kExitNotFound;
    case ErrorCode::kConflict:
    case ErrorCode::kLimitExceeded:
    case ErrorCode::kPermissionDenied:
      return kExitRefused;
    case ErrorCode::kUnavailable:
      return kExitUnreachable;
    case ErrorCode::kTimeout:
    case ErrorCode::kCancelled:
    case ErrorCode::kProtocol:
    case ErrorCode::kInternal:
      return kExitError;
  }
  return kExitError;
}

void PrintError(std::ostream& err, const Error& error) {
  err << "Error: " << error.message << '\n';
  if (!error.hint.empty()) err << "Fix: " << error.hint << '\n';
}

}  // namespace ds01::cli
