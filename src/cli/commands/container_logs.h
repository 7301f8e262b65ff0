#pragma once

#include <optional>
#include <string>

#include "cli/command.h"

namespace ds01::cli {

struct ContainerLogsOptions {
  std::optional<std::string> name;
  std::optional<std::string> owner;  // --owner=USER (admins)
  bool follow = false;               // -f: then every new line, until the container stops
  std::optional<std::string> since;  // --since=T: RFC 3339, Unix seconds or a duration ago
  std::optional<std::string> until;  // --until=T, as --since
  std::optional<std::string> tail;   // -n/--tail=N|all: the last N lines
  bool timestamps = false;           // -t: each line with the time it was written
  bool stdout_only = false;          // --stdout
  bool stderr_only = false;          // --stderr
};

/// Declares container-logs' flags and NAME on `args`, bound to `options`.
void DeclareContainerLogs(ArgSpec& args, ContainerLogsOptions& options);

/// The logs route for `options` (which must carry a name): every value as the user wrote it,
/// for ds01d to judge.
std::string LogsRoute(const ContainerLogsOptions& options);

/// Prints what a container has written: its stdout to stdout and its stderr to stderr, from
/// the engine connection ds01d hands over.
Status RunContainerLogs(Session& session, const ContainerLogsOptions& options);

/// container-logs' entry in the registry.
CommandSpec ContainerLogsCommand();

}  // namespace ds01::cli
