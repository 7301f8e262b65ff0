#include "cli/container_fit.h"

namespace ds01::cli {
namespace {

// The command behind each menu: the lifecycle table decides which states it can leave.
api::Action ActionOf(Fit fit) {
  switch (fit) {
    case Fit::kStartable:
      return api::Action::kStart;
    case Fit::kStoppable:
      return api::Action::kStop;
    case Fit::kPausable:
      return api::Action::kPause;
    case Fit::kUnpausable:
      return api::Action::kUnpause;
    case Fit::kRemovable:
      return api::Action::kRemove;
    case Fit::kRemovableWithStop:
      return api::Action::kRemoveStopping;
    case Fit::kEnterable:
      return api::Action::kEnter;
  }
  return api::Action::kRemoveStopping;
}

}  // namespace

bool Fits(Fit fit, api::ContainerState state) { return api::Allows(state, ActionOf(fit)); }

std::string FitStates(Fit fit) { return api::StatesAllowing(ActionOf(fit)); }

}  // namespace ds01::cli
