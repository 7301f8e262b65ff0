#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cli/session.h"

namespace ds01::cli {

/// Runs one ds01 command line: finds the command (argv[0] or the first words), answers -h/--help,
/// --info and --concepts from its texts, parses its flags, runs it with --guided explanations when
/// asked, and prints any failure as "Error: …" / "Fix: …". Returns the exit status.
int RunCommandLine(Session& session, std::string_view argv0, const std::vector<std::string>& args);

}  // namespace ds01::cli
