#include "api/lifecycle.h"

#include <gtest/gtest.h>

#include <map>
#include <tuple>
#include <vector>

namespace ds01::api {
namespace {

using State = ContainerState;
constexpr std::optional<State> kGone = std::nullopt;

const std::vector<State> kStates = {State::kCreating, State::kCreated, State::kRunning,
                                    State::kPaused, State::kStopped};
const std::vector<Action> kActions = {
    Action::kConfirm, Action::kRelease,      Action::kStart,        Action::kStop,
    Action::kPause,   Action::kUnpause,      Action::kRemove,       Action::kRemoveStopping,
    Action::kExit,    Action::kStartOutside, Action::kPauseOutside, Action::kUnpauseOutside,
    Action::kExpire,  Action::kVanish,       Action::kEnter};

// Every pair of the table, written out: a change to the lifecycle changes this list.
const std::map<std::pair<State, Action>, std::optional<State>> kAllowed = {
    {{State::kCreating, Action::kConfirm}, State::kCreated},
    {{State::kCreating, Action::kRelease}, kGone},
    {{State::kCreated, Action::kStart}, State::kRunning},
    {{State::kStopped, Action::kStart}, State::kRunning},
    {{State::kRunning, Action::kStop}, State::kStopped},
    {{State::kPaused, Action::kStop}, State::kStopped},
    {{State::kRunning, Action::kPause}, State::kPaused},
    {{State::kPaused, Action::kUnpause}, State::kRunning},
    {{State::kCreated, Action::kRemove}, kGone},
    {{State::kStopped, Action::kRemove}, kGone},
    {{State::kCreated, Action::kRemoveStopping}, kGone},
    {{State::kRunning, Action::kRemoveStopping}, kGone},
    {{State::kPaused, Action::kRemoveStopping}, kGone},
    {{State::kStopped, Action::kRemoveStopping}, kGone},
    {{State::kRunning, Action::kExit}, State::kStopped},
    {{State::kPaused, Action::kExit}, State::kStopped},
    {{State::kCreating, Action::kStartOutside}, State::kRunning},
    {{State::kCreated, Action::kStartOutside}, State::kRunning},
    {{State::kStopped, Action::kStartOutside}, State::kRunning},
    {{State::kRunning, Action::kPauseOutside}, State::kPaused},
    {{State::kPaused, Action::kUnpauseOutside}, State::kRunning},
    {{State::kStopped, Action::kExpire}, kGone},
    {{State::kCreating, Action::kVanish}, kGone},
    {{State::kCreated, Action::kVanish}, kGone},
    {{State::kRunning, Action::kVanish}, kGone},
    {{State::kPaused, Action::kVanish}, kGone},
    {{State::kStopped, Action::kVanish}, kGone},
    {{State::kRunning, Action::kEnter}, State::kRunning},
};

TEST(Lifecycle, EveryStateAndActionIsEitherATransitionOrARefusalWithAFix) {
  for (State state : kStates) {
    for (Action action : kActions) {
      const auto allowed = kAllowed.find({state, action});
      auto next = Transition(state, action, "train");
      EXPECT_EQ(Allows(state, action), next.ok());
      if (allowed != kAllowed.end()) {
        ASSERT_TRUE(next.ok()) << ContainerStateName(state) << " " << static_cast<int>(action)
                               << ": " << next.error().message;
        EXPECT_EQ(*next, allowed->second) << ContainerStateName(state);
        continue;
      }
      ASSERT_FALSE(next.ok()) << ContainerStateName(state) << " " << static_cast<int>(action);
      EXPECT_EQ(next.error().code, ErrorCode::kConflict);
      EXPECT_NE(next.error().message.find("train"), std::string::npos) << next.error().message;
      EXPECT_FALSE(next.error().hint.empty()) << next.error().message;
      EXPECT_EQ(next.error().message.find('{'), std::string::npos) << next.error().message;
      EXPECT_EQ(next.error().hint.find('{'), std::string::npos) << next.error().hint;
    }
  }
}

TEST(Lifecycle, RefusalsSayWhyAndNameTheCommandThatFixesIt) {
  const auto refusal = [](State state, Action action) {
    auto next = Transition(state, action, "train");
    return next.ok() ? std::pair<std::string, std::string>{}
                     : std::pair{next.error().message, next.error().hint};
  };
  EXPECT_EQ(refusal(State::kStopped, Action::kStop),
            (std::pair<std::string, std::string>{
                "Cannot stop container train: it is already stopped",
                "start it with container-start train, or remove it (container-remove train) to "
                "free its GPU now"}));
  EXPECT_EQ(refusal(State::kRunning, Action::kRemove),
            (std::pair<std::string, std::string>{
                "Cannot remove running container train: stop it first, or use --stop",
                "container-remove train --stop"}));
  EXPECT_EQ(refusal(State::kCreated, Action::kPause).first,
            "Cannot pause container train: it is created, not running");
  EXPECT_EQ(refusal(State::kPaused, Action::kStart).second,
            "resume it with container-unpause train");
  EXPECT_EQ(refusal(State::kStopped, Action::kEnter),
            (std::pair<std::string, std::string>{
                "Cannot enter container train: it is stopped, not running",
                "start it with container-start train, or start and enter it with container-run "
                "train"}));
}

TEST(Lifecycle, StatesAllowingReadsAsTheCliPrintsIt) {
  EXPECT_EQ(StatesAllowing(Action::kStart), "created or stopped");
  EXPECT_EQ(StatesAllowing(Action::kStop), "running or paused");
  EXPECT_EQ(StatesAllowing(Action::kPause), "running");
  EXPECT_EQ(StatesAllowing(Action::kUnpause), "paused");
  EXPECT_EQ(StatesAllowing(Action::kRemove), "created or stopped");
  EXPECT_EQ(StatesAllowing(Action::kRemoveStopping), "any state");
}

TEST(Lifecycle, StateNamesRoundTrip) {
  for (State state : kStates) EXPECT_EQ(ParseContainerState(ContainerStateName(state)), state);
  EXPECT_EQ(ParseContainerState("exited"), std::nullopt);
}

}  // namespace
}  // namespace ds01::api
