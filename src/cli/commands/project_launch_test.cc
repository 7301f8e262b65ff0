#include "cli/commands/project_launch.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "api/wire_workspace.h"
#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using nlohmann::json;
using testing::MakeContainer;
using testing::TestSession;

class ProjectLaunchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/ds01-launch-test-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    root_ = dir;
    std::filesystem::create_directory(root_ / "thesis");
    std::ofstream(root_ / "thesis" / "Dockerfile") << "FROM base\n";
    std::ofstream(root_ / "thesis" / "pyproject.toml") << "[tool.ds01]\ngpus = 2\n";
    t_.daemon.Answer("GET", "/v1/workspace", api::Workspace{root_.string(), {}});
  }

  void NoContainer() {
    t_.daemon.Answer("GET", "/v1/containers/thesis",
                     Result<json>(MakeError(ErrorCode::kNotFound, "No container thesis")));
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  void HasImage(bool has) {
    api::ImageList list;
    if (has) list.images.push_back(testing::MakeImage("thesis"));
    t_.daemon.Answer("GET", "/v1/images", list);
  }

  std::vector<std::string> Targets() const {
    std::vector<std::string> targets;
    for (const auto& request : t_.daemon.requests)
      targets.push_back(request.method + " " + request.target);
    return targets;
  }

  std::filesystem::path root_;
  TestSession t_;
};

TEST_F(ProjectLaunchTest, WithoutItsImageAndWithoutATerminalItStopsAndNamesBothFixes) {
  NoContainer();
  HasImage(false);
  ProjectLaunchOptions options;
  options.project = "thesis";
  Status launched = RunProjectLaunch(t_.session, options);
  ASSERT_FALSE(launched.ok());
  EXPECT_EQ(launched.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(launched.error().message, "Image ds01-1001/thesis:latest does not exist yet");
  EXPECT_EQ(launched.error().hint,
            "build it as part of the launch: project launch thesis --yes; or on its own: "
            "image-create thesis");
  for (const std::string& target : Targets()) EXPECT_NE(target, "POST /v1/containers");
}

TEST_F(ProjectLaunchTest, YesBuildsThenCreatesWithTheProjectsGpusAndStarts) {
  NoContainer();
  HasImage(false);
  t_.daemon.StreamAnswer(
      "POST", "/v1/images/thesis/build",
      {json{{"built", {{"image", "ds01-1001/thesis:latest"}, {"id", "sha256:n"}}}}.dump()});
  t_.daemon.Answer("POST", "/v1/containers",
                   testing::MakeContainer("thesis", api::ContainerState::kCreated));
  t_.daemon.Answer("POST", "/v1/containers/thesis/start",
                   MakeContainer("thesis", api::ContainerState::kRunning));
  ProjectLaunchOptions options;
  options.project = "thesis";
  options.yes = true;
  options.background = true;
  Status launched = RunProjectLaunch(t_.session, options);
  ASSERT_TRUE(launched.ok()) << launched.error().ToString();
  const auto& requests = t_.daemon.requests;
  const auto create = std::find_if(requests.begin(), requests.end(), [](const auto& request) {
    return request.method == "POST" && request.target == "/v1/containers";
  });
  ASSERT_NE(create, requests.end());
  EXPECT_EQ(create->body["name"], "thesis");
  EXPECT_EQ(create->body["project"], "thesis");
  EXPECT_EQ(create->body["gpus"], 2) << create->body.dump();
  EXPECT_NE(t_.out.str().find("Enter it with container-attach thesis"), std::string::npos)
      << t_.out.str();
}

TEST_F(ProjectLaunchTest, ARunningContainerIsLeftAsItIsAndAttachIsNamed) {
  t_.daemon.Answer("GET", "/v1/containers/thesis",
                   MakeContainer("thesis", api::ContainerState::kRunning));
  ProjectLaunchOptions options;
  options.project = "thesis";
  Status launched = RunProjectLaunch(t_.session, options);
  ASSERT_FALSE(launched.ok());
  EXPECT_EQ(launched.error().code, ErrorCode::kConflict);
  EXPECT_EQ(launched.error().message, "Container thesis already exists and is running");
  EXPECT_NE(launched.error().hint.find("container-attach thesis"), std::string::npos);
}

TEST_F(ProjectLaunchTest, AStoppedContainerIsStartedAgain) {
  t_.daemon.Answer("GET", "/v1/containers/thesis",
                   MakeContainer("thesis", api::ContainerState::kStopped));
  t_.daemon.Answer("POST", "/v1/containers/thesis/start",
                   MakeContainer("thesis", api::ContainerState::kRunning));
  ProjectLaunchOptions options;
  options.project = "thesis";
  options.background = true;
  ASSERT_TRUE(RunProjectLaunch(t_.session, options).ok());
  EXPECT_EQ(Targets().back(), "POST /v1/containers/thesis/start");
}

TEST_F(ProjectLaunchTest, OpenAndBackgroundContradictEachOther) {
  ProjectLaunchOptions options;
  options.project = "thesis";
  options.open = options.background = true;
  EXPECT_EQ(RunProjectLaunch(t_.session, options).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace ds01::cli
