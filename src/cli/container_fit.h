#pragma once

#include <string>

#include "api/lifecycle.h"

namespace ds01::cli {

/// Which containers a command can act on, by state: what a menu offers. The states come from
/// the lifecycle table the daemon enforces (api/lifecycle.h).
enum class Fit {
  kStartable,          // created or stopped
  kStoppable,          // running or paused
  kPausable,           // running
  kUnpausable,         // paused
  kRemovable,          // created or stopped
  kRemovableWithStop,  // any state (remove --stop)
  kEnterable,          // running: attach, exec
};

/// True when a container in `state` fits `fit`.
bool Fits(Fit fit, api::ContainerState state);

/// The fitting states for people: "created or stopped".
std::string FitStates(Fit fit);

}  // namespace ds01::cli
