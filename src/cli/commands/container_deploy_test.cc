#include "cli/commands/container_deploy.h"

#include <gtest/gtest.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using testing::MakeContainer;
using testing::TestSession;
using State = api::ContainerState;

TEST(RunContainerDeploy, WithoutATerminalItCreatesStartsAndLeavesItRunning) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers", MakeContainer("box", State::kCreated, "1"));
  t.daemon.Answer("POST", "/v1/containers/box/start", MakeContainer("box", State::kRunning, "1"));
  ContainerDeployOptions options;
  options.name = "box";
  options.image = "ds01-test/base:latest";
  ASSERT_TRUE(RunContainerDeploy(t.session, options).ok());
  EXPECT_EQ(t.out.str(),
            "Created box (GPU 1, simulated)\nStarted box (GPU 1, simulated)\n"
            "Enter it with container-attach box\n");
  EXPECT_EQ(t.daemon.requests[0].body,
            (nlohmann::json{{"name", "box"}, {"image", "ds01-test/base:latest"}, {"gpus", 1}}));
}

TEST(RunContainerDeploy, AStartThatFailsRemovesWhatItCreated) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers", MakeContainer("box", State::kCreated, "1"));
  t.daemon.Answer("POST", "/v1/containers/box/start",
                  Result<nlohmann::json>(MakeError(ErrorCode::kInternal, "the engine failed")));
  t.daemon.Answer("POST", "/v1/containers/box/remove", api::Removed{"box"});
  ContainerDeployOptions options;
  options.name = "box";
  auto deployed = RunContainerDeploy(t.session, options);
  ASSERT_FALSE(deployed.ok());
  EXPECT_EQ(deployed.error().message, "the engine failed");
  ASSERT_EQ(t.daemon.requests.size(), 3u);
  EXPECT_EQ(t.daemon.requests[2].target, "/v1/containers/box/remove");
  EXPECT_EQ(t.daemon.requests[2].body, (nlohmann::json{{"stop", true}}));
}

TEST(RunContainerDeploy, OpenAndBackgroundContradictEachOther) {
  TestSession t;
  ContainerDeployOptions options;
  options.name = "box";
  options.open = true;
  options.background = true;
  EXPECT_EQ(RunContainerDeploy(t.session, options).error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(t.daemon.requests.empty());
}

}  // namespace
}  // namespace ds01::cli
