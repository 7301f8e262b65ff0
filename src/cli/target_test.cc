#include "cli/target.h"

#include <gtest/gtest.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using testing::MakeContainer;
using State = api::ContainerState;
using testing::TestSession;

constexpr TargetQuery kStop{"container-stop", "stop", Fit::kStoppable};

TEST(ResolveTarget, AGivenNameIsUsedWithoutAskingAnything) {
  TestSession t;
  auto ref = ResolveTarget(t.session, std::string("box"), std::nullopt, kStop);
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(ref->name, "box");
  EXPECT_EQ(ref->owner, "");
  EXPECT_TRUE(t.daemon.requests.empty());
}

TEST(ResolveTarget, AGivenOwnerGoesWithTheName) {
  TestSession t;
  auto ref = ResolveTarget(t.session, std::string("box"), std::string("bob"), kStop);
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(ref->owner, "bob");
}

TEST(ResolveTarget, WithoutNameAndWithoutTerminalItIsAUsageErrorAtOnce) {
  TestSession t;
  auto ref = ResolveTarget(t.session, std::nullopt, std::nullopt, kStop);
  ASSERT_FALSE(ref.ok());
  EXPECT_EQ(ref.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(ref.error().hint.find("container-stop NAME"), std::string::npos);
  EXPECT_TRUE(t.daemon.requests.empty());
  EXPECT_EQ(t.out.str(), "");
}

TEST(ResolveTarget, TheMenuOffersOnlyContainersThatFitAndReturnsTheChosenOne) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/containers?all=1",
                  api::ContainerList{{MakeContainer("alpha", State::kRunning),
                                      MakeContainer("beta", State::kStopped),
                                      MakeContainer("gamma", State::kPaused, "")}});
  t.TerminalTyping("2\n");
  auto ref = ResolveTarget(t.session, std::nullopt, std::nullopt, kStop);
  ASSERT_TRUE(ref.ok()) << ref.error().message;
  EXPECT_EQ(ref->name, "gamma");
  EXPECT_EQ(ref->owner, "");
  const std::string menu = t.out.str();
  EXPECT_NE(menu.find("Which container to stop? (running or paused)"), std::string::npos);
  EXPECT_NE(menu.find("1)   alpha   running   GPU-0"), std::string::npos) << menu;
  EXPECT_NE(menu.find("2)   gamma   paused    no GPU"), std::string::npos) << menu;
  EXPECT_EQ(menu.find("beta"), std::string::npos) << menu;
}

TEST(ResolveTarget, QuittingTheMenuCancels) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/containers?all=1",
                  api::ContainerList{{MakeContainer("alpha", State::kRunning)}});
  t.TerminalTyping("q\n");
  auto ref = ResolveTarget(t.session, std::nullopt, std::nullopt, kStop);
  ASSERT_FALSE(ref.ok());
  EXPECT_EQ(ref.error().code, ErrorCode::kCancelled);
}

TEST(ResolveTarget, NothingThatFitsIsNotFoundWithTheStatesNamed) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/containers?all=1",
                  api::ContainerList{{MakeContainer("alpha", State::kStopped)}});
  t.TerminalTyping("1\n");
  auto ref = ResolveTarget(t.session, std::nullopt, std::nullopt, kStop);
  ASSERT_FALSE(ref.ok());
  EXPECT_EQ(ref.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(ref.error().message, "no container to stop: none is running or paused");
}

TEST(ResolveTarget, AnAdminsMenuShowsOwnersAndAddressesOthersContainersByOwner) {
  TestSession t;
  t.daemon.Answer(
      "GET", "/v1/containers?all=1",
      api::ContainerList{{MakeContainer("mine", State::kRunning),
                          MakeContainer("theirs", State::kRunning, "1", {1002, "bob"})}});
  t.TerminalTyping("2\n");
  auto ref = ResolveTarget(t.session, std::nullopt, std::nullopt, kStop);
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(ref->name, "theirs");
  EXPECT_EQ(ref->owner, "bob");
  EXPECT_NE(t.out.str().find("theirs   bob"), std::string::npos) << t.out.str();
}

TEST(FittingContainers, TheCallersOwnLeaveOutOtherUsers) {
  TestSession t;
  t.daemon.Answer(
      "GET", "/v1/containers?all=1",
      api::ContainerList{{MakeContainer("mine", State::kRunning),
                          MakeContainer("theirs", State::kRunning, "1", {1002, "bob"})}});
  auto mine = FittingContainers(t.session, Fit::kPausable, std::nullopt, Whose::kCallers);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].name, "mine");
  auto bobs = FittingContainers(t.session, Fit::kPausable, std::string("bob"), Whose::kCallers);
  ASSERT_TRUE(bobs.ok());
  ASSERT_EQ(bobs->size(), 1u);
  EXPECT_EQ((*bobs)[0].name, "theirs");
}

}  // namespace
}  // namespace ds01::cli
