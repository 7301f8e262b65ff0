#pragma once

#include "common/error.h"
#include "policy/limits.h"
#include "policy/validation.h"

namespace ds01::policy {

/// Checks and normalises how a create's process is to run: the command and entrypoint (no NUL,
/// a program first), the working directory (absolute,
/// written plainly), the hostname (one DNS label, at most 63 letters, digits and '-'), the stop
/// signal (a signal's name, with or without SIG, or its number, 1 to 64, written as SIGNAME
/// when it has one) and the stop timeout (0 to the caller's max_stop_time). kInvalidArgument
/// for a malformed value, kLimitExceeded for a timeout above the limit.
Status CheckProcessOptions(CreateRequest* request, const Limits& limits);

}  // namespace ds01::policy
