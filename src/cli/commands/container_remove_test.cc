#include "cli/commands/container_remove.h"

#include <gtest/gtest.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using nlohmann::json;
using testing::MakeContainer;
using State = api::ContainerState;
using testing::TestSession;

TEST(ContainerRemoveFlags, TakeStop) {
  ContainerRemoveOptions options;
  ArgSpec spec("container-remove");
  DeclareContainerRemove(spec, options);
  ASSERT_TRUE(spec.Parse({"my-thesis", "--stop"}).ok());
  EXPECT_EQ(options.name, "my-thesis");
  EXPECT_TRUE(options.stop);
}

TEST(RunContainerRemove, AsksTheDaemonToStopFirstOnlyWithStop) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers/box/remove", api::Removed{"box"});
  ContainerRemoveOptions options;
  options.name = "box";
  ASSERT_TRUE(RunContainerRemove(t.session, options).ok());
  options.stop = true;
  ASSERT_TRUE(RunContainerRemove(t.session, options).ok());
  ASSERT_EQ(t.daemon.requests.size(), 2u);
  EXPECT_EQ(t.daemon.requests[0].body, json::object());
  EXPECT_EQ(t.daemon.requests[1].body, (json{{"stop", true}}));
  EXPECT_EQ(t.out.str(),
            "Removed box (GPU freed; workspace files kept)\n"
            "Removed box (GPU freed; workspace files kept)\n");
}

TEST(RunContainerRemove, ARunningContainerIsRefusedWithTheSeedsWording) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers/box/remove",
                  MakeError(ErrorCode::kConflict,
                            "Cannot remove running container box: stop it first, or use --stop"));
  ContainerRemoveOptions options;
  options.name = "box";
  Status status = RunContainerRemove(t.session, options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kConflict);
}

TEST(RunContainerRemove, TheMenuOffersEveryStateOnlyWithStop) {
  const api::ContainerList list = api::ContainerList{
      {MakeContainer("live", State::kRunning), MakeContainer("done", State::kStopped)}};
  TestSession plain;
  plain.daemon.Answer("GET", "/v1/containers?all=1", list);
  plain.daemon.Answer("POST", "/v1/containers/done/remove", api::Removed{"done"});
  plain.TerminalTyping("1\ny\n");
  ASSERT_TRUE(RunContainerRemove(plain.session, {}).ok());
  EXPECT_EQ(plain.out.str().find("live"), std::string::npos) << plain.out.str();

  TestSession with_stop;
  with_stop.daemon.Answer("GET", "/v1/containers?all=1", list);
  with_stop.daemon.Answer("POST", "/v1/containers/live/remove", api::Removed{"live"});
  with_stop.TerminalTyping("1\ny\n");
  ContainerRemoveOptions options;
  options.stop = true;
  ASSERT_TRUE(RunContainerRemove(with_stop.session, options).ok());
  EXPECT_NE(with_stop.out.str().find("Removed live"), std::string::npos) << with_stop.out.str();
}

TEST(RunContainerRemove, OnATerminalANoRemovesNothing) {
  TestSession t;
  t.TerminalTyping("\n");
  ContainerRemoveOptions options;
  options.name = "box";
  Status status = RunContainerRemove(t.session, options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kCancelled);
  EXPECT_TRUE(t.daemon.requests.empty());
}

}  // namespace
}  // namespace ds01::cli
