#include "cli/commands/registry.h"

#include <algorithm>
#include <vector>

#include "cli/commands/check_limits.h"
#include "cli/commands/container_attach.h"
#include "cli/commands/container_create.h"
#include "cli/commands/container_deploy.h"
#include "cli/commands/container_exec.h"
#include "cli/commands/container_health.h"
#include "cli/commands/container_list.h"
#include "cli/commands/container_logs.h"
#include "cli/commands/container_pause.h"
#include "cli/commands/container_prune.h"
#include "cli/commands/container_remove.h"
#include "cli/commands/container_retire.h"
#include "cli/commands/container_run.h"
#include "cli/commands/container_start.h"
#include "cli/commands/container_stats.h"
#include "cli/commands/container_stop.h"
#include "cli/commands/container_unpause.h"
#include "cli/commands/container_wait.h"
#include "cli/commands/events.h"
#include "cli/commands/gpus.h"
#include "cli/commands/image_create.h"
#include "cli/commands/image_delete.h"
#include "cli/commands/image_list.h"
#include "cli/commands/image_prune.h"
#include "cli/commands/project_init.h"
#include "cli/commands/project_launch.h"

namespace ds01::cli {
namespace {

std::string Words(const CommandSpec& command) {
  if (command.group.empty()) return std::string(command.verb);
  return std::string(command.group) + " " + std::string(command.verb);
}

}  // namespace

std::span<const CommandSpec> AllCommands() {
  static const std::vector<CommandSpec> commands{
      ContainerCreateCommand(),  ContainerStartCommand(),
      ContainerStopCommand(),    ContainerPauseCommand(),
      ContainerUnpauseCommand(), ContainerRemoveCommand(),
      ContainerRunCommand(),     ContainerAttachCommand(),
      ContainerExecCommand(),    ContainerListCommand(),
      ContainerStatsCommand(),   ContainerLogsCommand(),
      ContainerWaitCommand(),    GpusCommand(),
      CheckLimitsCommand(),      EventsCommand(),
      ProjectInitCommand(),      ContainerDeployCommand(),
      ContainerRetireCommand(),  ImageListCommand(),
      ImageDeleteCommand(),      ImageCreateCommand(),
      ImageUpdateCommand(),      ProjectLaunchCommand(),
      ContainerHealthCommand(),  ContainerPruneCommand(),
      ImagePruneCommand()};
  return commands;
}

const CommandSpec* FindByLink(std::string_view link) {
  for (const auto& command : AllCommands()) {
    if (command.link == link) return &command;
  }
  return nullptr;
}

const CommandSpec* FindByWords(std::string_view group, std::string_view verb) {
  for (const auto& command : AllCommands()) {
    if (command.group == group && command.verb == verb) return &command;
  }
  return nullptr;
}

bool IsGroup(std::string_view word) {
  return !word.empty() && std::any_of(AllCommands().begin(), AllCommands().end(),
                                      [word](const CommandSpec& c) { return c.group == word; });
}

std::string CommandList() {
  std::size_t width = 0;
  for (const auto& command : AllCommands()) width = std::max(width, Words(command).size());
  std::string list;
  for (const auto& command : AllCommands()) {
    std::string words = Words(command);
    list += "  " + words + std::string(width - words.size() + 4, ' ') +
            std::string(command.summary) + "\n";
  }
  return list;
}

std::string CommandNames() {
  std::string names;
  for (const auto& command : AllCommands()) {
    if (!names.empty()) names += ", ";
    names += command.link;
  }
  return names;
}

}  // namespace ds01::cli
