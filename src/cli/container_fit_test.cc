#include "cli/container_fit.h"

#include <gtest/gtest.h>

namespace ds01::cli {
namespace {

using State = api::ContainerState;

TEST(Fits, EachCommandOffersTheStatesItCanLeave) {
  EXPECT_TRUE(Fits(Fit::kStartable, State::kCreated));
  EXPECT_TRUE(Fits(Fit::kStartable, State::kStopped));
  EXPECT_FALSE(Fits(Fit::kStartable, State::kRunning));
  EXPECT_FALSE(Fits(Fit::kStartable, State::kPaused));

  EXPECT_TRUE(Fits(Fit::kStoppable, State::kRunning));
  EXPECT_TRUE(Fits(Fit::kStoppable, State::kPaused));
  EXPECT_FALSE(Fits(Fit::kStoppable, State::kStopped));
  EXPECT_FALSE(Fits(Fit::kStoppable, State::kCreated));

  EXPECT_TRUE(Fits(Fit::kPausable, State::kRunning));
  EXPECT_FALSE(Fits(Fit::kPausable, State::kPaused));

  EXPECT_TRUE(Fits(Fit::kUnpausable, State::kPaused));
  EXPECT_FALSE(Fits(Fit::kUnpausable, State::kRunning));

  EXPECT_TRUE(Fits(Fit::kRemovable, State::kCreated));
  EXPECT_TRUE(Fits(Fit::kRemovable, State::kStopped));
  EXPECT_FALSE(Fits(Fit::kRemovable, State::kRunning));
  EXPECT_FALSE(Fits(Fit::kRemovable, State::kPaused));

  for (State state : {State::kCreated, State::kRunning, State::kPaused, State::kStopped}) {
    EXPECT_TRUE(Fits(Fit::kRemovableWithStop, state)) << api::ContainerStateName(state);
  }
}

TEST(FitStates, NamesTheStatesForPeople) {
  EXPECT_EQ(FitStates(Fit::kStartable), "created or stopped");
  EXPECT_EQ(FitStates(Fit::kPausable), "running");
  EXPECT_EQ(FitStates(Fit::kUnpausable), "paused");
}

}  // namespace
}  // namespace ds01::cli
