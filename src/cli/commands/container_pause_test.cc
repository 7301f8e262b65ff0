#include "cli/commands/container_pause.h"

#include <gtest/gtest.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using testing::MakeContainer;
using State = api::ContainerState;
using testing::TestSession;

TEST(ContainerPauseFlags, TakeAllInBothSpellings) {
  for (const char* all : {"--all", "-a"}) {
    ContainerPauseOptions options;
    ArgSpec spec("container-pause");
    DeclareContainerPause(spec, options);
    ASSERT_TRUE(spec.Parse({all}).ok()) << all;
    EXPECT_TRUE(options.all);
    EXPECT_FALSE(options.name);
  }
}

TEST(RunContainerPause, PausesTheNamedContainerKeepingItsGpu) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers/box/pause", MakeContainer("box", State::kPaused, "4"));
  ContainerPauseOptions options;
  options.name = "box";
  ASSERT_TRUE(RunContainerPause(t.session, options).ok());
  EXPECT_EQ(t.out.str(), "Paused box (GPU 4, simulated)\n");
}

TEST(RunContainerPause, AllPausesEveryRunningContainerOfTheCallerOnly) {
  TestSession t;
  t.daemon.Answer(
      "GET", "/v1/containers?all=1",
      api::ContainerList{{MakeContainer("a", State::kRunning), MakeContainer("b", State::kStopped),
                          MakeContainer("c", State::kRunning),
                          MakeContainer("bobs", State::kRunning, "5", {1002, "bob"})}});
  t.daemon.Answer("POST", "/v1/containers/a/pause", MakeContainer("a", State::kPaused));
  t.daemon.Answer("POST", "/v1/containers/c/pause", MakeContainer("c", State::kPaused));
  ContainerPauseOptions options;
  options.all = true;
  ASSERT_TRUE(RunContainerPause(t.session, options).ok());
  EXPECT_EQ(t.out.str(), "Paused a\nPaused c\n");
  EXPECT_EQ(t.daemon.requests.size(), 3u);
}

TEST(RunContainerPause, AllReportsEveryFailureTogetherAfterTryingEachContainer) {
  TestSession t;
  t.daemon.Answer(
      "GET", "/v1/containers?all=1",
      api::ContainerList{{MakeContainer("a", State::kRunning), MakeContainer("b", State::kRunning),
                          MakeContainer("c", State::kRunning)}});
  t.daemon.Answer("POST", "/v1/containers/a/pause",
                  MakeError(ErrorCode::kConflict, "a exited meanwhile", "start it first"));
  t.daemon.Answer("POST", "/v1/containers/b/pause", MakeContainer("b", State::kPaused));
  t.daemon.Answer("POST", "/v1/containers/c/pause",
                  MakeError(ErrorCode::kUnavailable, "engine gone"));
  ContainerPauseOptions options;
  options.all = true;
  Status status = RunContainerPause(t.session, options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kConflict);
  EXPECT_EQ(status.error().message,
            "could not pause 2 of 3 containers\n  a: a exited meanwhile\n  c: engine gone");
  EXPECT_EQ(status.error().hint, "start it first");
  EXPECT_EQ(t.out.str(), "Paused b\n");
}

TEST(RunContainerPause, AllWithNothingRunningIsNotAFailure) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/containers?all=1",
                  api::ContainerList{{MakeContainer("a", State::kStopped)}});
  ContainerPauseOptions options;
  options.all = true;
  ASSERT_TRUE(RunContainerPause(t.session, options).ok());
  EXPECT_EQ(t.out.str(), "No running containers to pause.\n");
}

TEST(RunContainerPause, NameAndAllTogetherAreAUsageError) {
  TestSession t;
  ContainerPauseOptions options;
  options.name = "box";
  options.all = true;
  Status status = RunContainerPause(t.session, options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
}

TEST(RunContainerPause, TheMenuOffersRunningContainersOnly) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/containers?all=1",
                  api::ContainerList{{MakeContainer("frozen", State::kPaused),
                                      MakeContainer("live", State::kRunning)}});
  t.daemon.Answer("POST", "/v1/containers/live/pause", MakeContainer("live", State::kPaused));
  t.TerminalTyping("1\n");
  ASSERT_TRUE(RunContainerPause(t.session, {}).ok());
  EXPECT_EQ(t.out.str().find("frozen"), std::string::npos) << t.out.str();
  EXPECT_NE(t.out.str().find("Paused live"), std::string::npos);
}

}  // namespace
}  // namespace ds01::cli
