#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "api/wire_build.h"
#include "api/wire_exec.h"
#include "api/wire_prune.h"
#include "common/error.h"
#include "core/container_service.h"

namespace ds01::daemon {

/// POST /v1/containers: {"name", "image"?, "project"?, "workspace"?, "gpus"?: N,
/// "mig_profile"?} and the options policy judges ("env", "labels", "binds", "privileged",
/// "cap_add", "devices", "network_mode", "pid_mode", "ipc_mode", "memory", "cpus",
/// "shm_size", "pids_limit", "user", "workdir", "hostname", "init", "stop_signal",
/// "stop_timeout", "command", "entrypoint", "shell", "tmpfs", "read_only", "restart",
/// "auto_remove", "health", "ports";
/// docs/api.md). A command or entrypoint given as one string is split as a shell would, or
/// with "shell" run by /bin/sh -c. Unknown fields and wrong types are kInvalidArgument, so
/// that nothing a caller asks for is silently ignored. "gpus" defaults to 1 (seed 000).
Result<core::CreateParams> ParseCreateBody(std::string_view body);

/// POST …/stop: {"time"?: seconds ≥ 0}; an empty body is {}.
Result<std::optional<std::chrono::seconds>> ParseStopBody(std::string_view body);

/// POST …/remove: {"stop"?: bool}; an empty body is {}.
Result<bool> ParseRemoveBody(std::string_view body);

/// POST /v1/images/{name}/remove: {"force"?: bool}; an empty body is {}, any other field is
/// kInvalidArgument.
Result<bool> ParseImageRemoveBody(std::string_view body);

/// The longest "until" a container prune takes, in seconds: 100 years.
inline constexpr std::int64_t kMaxPruneUntilSeconds = 36500ll * 86400;

/// POST /v1/containers/prune: api::ContainerPruneRequest, strictly; "until" is a whole number
/// of seconds from 0 to kMaxPruneUntilSeconds. An empty body is {}.
Result<api::ContainerPruneRequest> ParseContainerPruneBody(std::string_view body);

/// POST /v1/images/prune: api::ImagePruneRequest, strictly; an empty body is {}.
Result<api::ImagePruneRequest> ParseImagePruneBody(std::string_view body);

/// POST …/exec: api::ExecRequest, strictly: unknown fields and wrong types are
/// kInvalidArgument, and so are a command and "shell" together or neither, an empty or NUL-
/// carrying argument list, and an environment name that is empty or holds '='.
Result<api::ExecRequest> ParseExecBody(std::string_view body);

/// POST …/exec/{id}/resize: {"height", "width"}, each from 1 to 10,000.
Result<api::TerminalSize> ParseResizeBody(std::string_view body);

/// POST /v1/images/{name}/build: api::BuildRequest; an empty body is {}, unknown fields and
/// wrong types are kInvalidArgument.
Result<api::BuildRequest> ParseBuildBody(std::string_view body);

}  // namespace ds01::daemon
