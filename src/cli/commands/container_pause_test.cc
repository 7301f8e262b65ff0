#include "cli/commands/container_pause.h"

#include <gtest/gtest.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using testing::ContainerJson;
using testing::ListJson;
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
  t.daemon.Answer("POST", "/v1/containers/box/pause", ContainerJson("box", "paused", "4"));
  ContainerPauseOptions options;
  options.name = "box";
  ASSERT_TRUE(RunContainerPause(t.session, options).ok());
  EXPECT_EQ(t.out.str(), "Paused box (GPU 4, simulated)\n");
}

TEST(RunContainerPause, AllPausesEveryRunningContainerOfTheCallerOnly) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/containers?all=1",
                  ListJson({ContainerJson("a", "running"), ContainerJson("b", "stopped"),
                            ContainerJson("c", "running"),
                            ContainerJson("bobs", "running", "5", {1002, "bob"})}));
  t.daemon.Answer("POST", "/v1/containers/a/pause", ContainerJson("a", "paused"));
  t.daemon.Answer("POST", "/v1/containers/c/pause", ContainerJson("c", "paused"));
  ContainerPauseOptions options;
  options.all = true;
  ASSERT_TRUE(RunContainerPause(t.session, options).ok());
  EXPECT_EQ(t.out.str(), "Paused a\nPaused c\n");
  EXPECT_EQ(t.daemon.requests.size(), 3u);
}

TEST(RunContainerPause, AllReportsEveryFailureTogetherAfterTryingEachContainer) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/containers?all=1",
                  ListJson({ContainerJson("a", "running"), ContainerJson("b", "running"),
                            ContainerJson("c", "running")}));
  t.daemon.Answer("POST", "/v1/containers/a/pause",
                  MakeError(ErrorCode::kConflict, "a exited meanwhile", "start it first"));
  t.daemon.Answer("POST", "/v1/containers/b/pause", ContainerJson("b", "paused"));
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
  t.daemon.Answer("GET", "/v1/containers?all=1", ListJson({ContainerJson("a", "stopped")}));
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
                  ListJson({ContainerJson("frozen", "paused"), ContainerJson("live", "running")}));
  t.daemon.Answer("POST", "/v1/containers/live/pause", ContainerJson("live", "paused"));
  t.TerminalTyping("1\n");
  ASSERT_TRUE(RunContainerPause(t.session, {}).ok());
  EXPECT_EQ(t.out.str().find("frozen"), std::string::npos) << t.out.str();
  EXPECT_NE(t.out.str().find("Paused live"), std::string::npos);
}

}  // namespace
}  // namespace ds01::cli
