#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/wire_container.h"
#include "cli/container_fit.h"
#include "cli/session.h"
#include "common/error.h"

namespace ds01::cli {

/// A container as a command addresses it: its name and, when an admin acts on another user's
/// container, that user (sent as ?owner=).
struct ContainerRef {
  std::string name;
  std::string owner;  // empty: the caller's own
};

/// Whose containers a bulk action (--all) or a menu looks at.
enum class Whose {
  kVisible,  // every container the daemon shows the caller (an admin sees everyone's)
  kCallers,  // the caller's own only
};

/// How a per-container command finds its container.
struct TargetQuery {
  std::string_view command;  // how the user called it, for messages: "container-stop"
  std::string_view verb;     // what it does, for the menu's title: "stop"
  Fit fit;                   // which containers the menu offers
};

/// The container a per-container command acts on: NAME (and --owner) when given; otherwise,
/// on a terminal, the user's pick from a numbered menu of the containers that fit. Without NAME
/// and without a terminal: a usage error at once, never a prompt.
Result<ContainerRef> ResolveTarget(Session& session, const std::optional<std::string>& name,
                                   const std::optional<std::string>& owner,
                                   const TargetQuery& query);

/// The containers (every state) that fit `fit`: of `owner` when given, else of `whose`.
Result<std::vector<api::Container>> FittingContainers(Session& session, Fit fit,
                                                      const std::optional<std::string>& owner,
                                                      Whose whose);

/// How to address a listed container: its name, and its owner when not the caller's.
ContainerRef RefTo(const api::Container& container, uid_t caller);

}  // namespace ds01::cli
