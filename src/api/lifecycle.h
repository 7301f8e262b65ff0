#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"

namespace ds01::api {

/// Where a container is in its life (seed 002). kCreating is the allocator's reservation: the
/// record and its GPUs exist, the engine's container does not yet.
enum class ContainerState { kCreating, kCreated, kRunning, kPaused, kStopped };

/// "creating", "created", "running", "paused" or "stopped": the stored and the wire spelling.
std::string_view ContainerStateName(ContainerState state);
/// The state a spelling names, or nullopt for anything else.
std::optional<ContainerState> ParseContainerState(std::string_view name);

/// Everything that changes a container's state: what a user asks for, and what ds01d and the
/// engine do on their own.
enum class Action {
  kConfirm,         // the engine created the reserved container
  kRelease,         // the engine could not: the reservation goes
  kStart,           // container-start
  kStop,            // container-stop
  kPause,           // container-pause
  kUnpause,         // container-unpause
  kRemove,          // container-remove: only a container with no processes
  kRemoveStopping,  // container-remove --stop
  kEnter,           // container-attach, container-exec: a process in it; changes no state
  kExit,            // the engine reports its processes ended (an exit, a kill, docker stop)
  kStartOutside,    // the engine reports it started without ds01 (docker start, a restart)
  kPauseOutside,    // docker pause
  kUnpauseOutside,  // docker unpause
  kExpire,          // it stayed stopped past container_hold_after_stop
  kVanish,          // the engine no longer has it (docker rm, or lost)
};

/// What an action leads to: the container's next state, or nothing when its record goes.
using Next = std::optional<ContainerState>;

/// The lifecycle, as one table: what `action` does to container `name` in `state` — its next
/// state (nullopt: the container is gone) or, when the action does not apply there, the refusal
/// a user reads (kConflict: "Cannot stop container train: it is already stopped") with its fix.
Result<Next> Transition(ContainerState state, Action action, std::string_view name);

/// True when `action` applies to a container in `state`.
bool Allows(ContainerState state, Action action);

/// The states `action` applies in, for people: "created or stopped", "running or paused".
std::string StatesAllowing(Action action);

}  // namespace ds01::api
