#include "cli/container_fit.h"

namespace ds01::cli {

bool Fits(Fit fit, std::string_view state) {
  switch (fit) {
    case Fit::kStartable:
    case Fit::kRemovable:
      return state == "created" || state == "stopped";
    case Fit::kStoppable:
      return state == "running" || state == "paused";
    case Fit::kPausable:
      return state == "running";
    case Fit::kUnpausable:
      return state == "paused";
    case Fit::kRemovableWithStop:
      return true;
  }
  return false;
}

std::string_view FitStates(Fit fit) {
  switch (fit) {
    case Fit::kStartable:
    case Fit::kRemovable:
      return "created or stopped";
    case Fit::kStoppable:
      return "running or paused";
    case Fit::kPausable:
      return "running";
    case Fit::kUnpausable:
      return "paused";
    case Fit::kRemovableWithStop:
      return "any state";
  }
  return "any state";
}

}  // namespace ds01::cli
