#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cli/command.h"
#include "common/error.h"

namespace ds01::cli {

/// What a command line asks for: a command with its arguments, or one of ds01's own answers.
struct Invocation {
  enum class Kind { kCommand, kHelp, kInfo, kConcepts, kVersion };
  Kind kind = Kind::kCommand;
  const CommandSpec* command = nullptr;  // set for kCommand
  std::string display;                   // how the user named it: "container-create", "ds01 …"
  std::vector<std::string> args;         // what follows the command's name
};

/// Finds the command a process was asked to run. Under a command's link name (argv[0]'s base
/// name "container-create") every argument is that command's; as "ds01" the first words name
/// it: "container create", "container-create" or "gpus". "ds01 --help/--info/--concepts/
/// --version" are ds01's own. No command, or an unknown one, is a usage error naming the
/// commands.
Result<Invocation> Resolve(std::string_view argv0, const std::vector<std::string>& args);

}  // namespace ds01::cli
