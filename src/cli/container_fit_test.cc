#include "cli/container_fit.h"

#include <gtest/gtest.h>

namespace ds01::cli {
namespace {

TEST(Fits, EachCommandOffersTheStatesItCanLeave) {
  EXPECT_TRUE(Fits(Fit::kStartable, "created"));
  EXPECT_TRUE(Fits(Fit::kStartable, "stopped"));
  EXPECT_FALSE(Fits(Fit::kStartable, "running"));
  EXPECT_FALSE(Fits(Fit::kStartable, "paused"));

  EXPECT_TRUE(Fits(Fit::kStoppable, "running"));
  EXPECT_TRUE(Fits(Fit::kStoppable, "paused"));
  EXPECT_FALSE(Fits(Fit::kStoppable, "stopped"));
  EXPECT_FALSE(Fits(Fit::kStoppable, "created"));

  EXPECT_TRUE(Fits(Fit::kPausable, "running"));
  EXPECT_FALSE(Fits(Fit::kPausable, "paused"));

  EXPECT_TRUE(Fits(Fit::kUnpausable, "paused"));
  EXPECT_FALSE(Fits(Fit::kUnpausable, "running"));

  EXPECT_TRUE(Fits(Fit::kRemovable, "created"));
  EXPECT_TRUE(Fits(Fit::kRemovable, "stopped"));
  EXPECT_FALSE(Fits(Fit::kRemovable, "running"));
  EXPECT_FALSE(Fits(Fit::kRemovable, "paused"));

  for (const char* state : {"created", "running", "paused", "stopped"}) {
    EXPECT_TRUE(Fits(Fit::kRemovableWithStop, state)) << state;
  }
}

TEST(FitStates, NamesTheStatesForPeople) {
  EXPECT_EQ(FitStates(Fit::kStartable), "created or stopped");
  EXPECT_EQ(FitStates(Fit::kPausable), "running");
  EXPECT_EQ(FitStates(Fit::kUnpausable), "paused");
}

}  // namespace
}  // namespace ds01::cli
