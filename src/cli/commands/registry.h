#pragma once

#include <span>
#include <string>
#include <string_view>

#include "cli/command.h"

namespace ds01::cli {

/// Every ds01 command, in the order the command list shows them.
std::span<const CommandSpec> AllCommands();

/// The command installed under `link` ("container-create", "gpus"); null when none is.
const CommandSpec* FindByLink(std::string_view link);

/// The command `ds01 <group> <verb>` names ("container", "create"); for a command without a
/// group the verb alone ("gpus"). Null when none does.
const CommandSpec* FindByWords(std::string_view group, std::string_view verb);

/// True when `word` is the first word of some command ("container").
bool IsGroup(std::string_view word);

/// The command list for usage texts: one "  container create    <summary>" line each.
std::string CommandList();

/// The commands' link names, comma-separated, for hints: "container-create, …, gpus".
std::string CommandNames();

}  // namespace ds01::cli
