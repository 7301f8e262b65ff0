#pragma once

#include <string_view>

#include "common/error.h"
#include "policy/validation.h"

namespace ds01::policy {

/// Reads a restart policy as docker's --restart takes it: "no", "on-failure", "on-failure:N",
/// "unless-stopped" or "always" (read here, refused by CheckLifecycleOptions). Anything else,
/// or a retry count that is not a whole number from 1 to 1000, is kInvalidArgument.
Result<RestartPolicy> ParseRestartPolicy(std::string_view text);

/// Checks the restart policy, removal at exit and the health probe of a create:
///  - "always" is kPermissionDenied: the engine would start the container again after every
///    exit, and after every restart of the engine, so that it would hold its GPUs forever;
///  - removal at exit with a restart policy other than "no" is kInvalidArgument;
///  - a probe runs at most once a second (interval, timeout at least 1s), retries from 0 to
///    100, a start period of 0 or more; --no-healthcheck with a probe's setting is a
///    contradiction (kInvalidArgument), and so is a command with a NUL byte.
Status CheckLifecycleOptions(const CreateRequest& request);

}  // namespace ds01::policy
