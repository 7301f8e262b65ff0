#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"

namespace ds01::cli {

struct ContainerExecOptions {
  std::optional<std::string> name;
  std::optional<std::string> owner;  // --owner=USER (admins)
  bool detach = false;               // -d: start it and return
  std::vector<std::string> env;      // -e K=V, repeated
  std::optional<std::string> workdir;
  std::optional<std::string> user;
  bool tty = false;   // -t: a terminal for the command (needs one here)
  bool json = false;  // --format json: the output as NDJSON records, the exit code last
  std::vector<std::string> command;
};

/// Declares container-exec's flags, NAME and the command on `args`, bound to `options`.
void DeclareContainerExec(ArgSpec& args, ContainerExecOptions& options);

/// Runs a command in a running container: its stdout, stderr and exit code are ours, and stdin
/// is passed through when it is not a terminal (-t gives the command a terminal instead).
Status RunContainerExec(Session& session, const ContainerExecOptions& options);

/// container-exec's entry in the registry.
CommandSpec ContainerExecCommand();

}  // namespace ds01::cli
