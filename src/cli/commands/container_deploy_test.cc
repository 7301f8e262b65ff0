#include "cli/commands/container_deploy.h"

#include <gtest/gtest.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using nlohmann::json;
using testing::MakeContainer;
using testing::MakeImage;
using testing::TestSession;
using State = api::ContainerState;

TEST(RunContainerDeploy, WithoutATerminalItCreatesStartsAndLeavesItRunning) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers", MakeContainer("box", State::kCreated, "1"));
  t.daemon.Answer("POST", "/v1/containers/box/start", MakeContainer("box", State::kRunning, "1"));
  ContainerDeployOptions options;
  options.create.name = "box";
  options.create.image = "ds01-test/base:latest";
  ASSERT_TRUE(RunContainerDeploy(t.session, options).ok());
  EXPECT_EQ(t.out.str(),
            "Created box (GPU 1, simulated)\nStarted box (GPU 1, simulated)\n"
            "Enter it with container-attach box\n");
  EXPECT_EQ(t.daemon.requests[0].body,
            (nlohmann::json{{"name", "box"}, {"image", "ds01-test/base:latest"}, {"gpus", 1}}));
}

TEST(ContainerDeployFlags, TakeEveryCreateFlagAndSendThem) {
  ContainerDeployOptions options;
  ArgSpec spec("container deploy");
  DeclareContainerDeploy(spec, options);
  ASSERT_TRUE(spec.Parse({"box", "--image=ds01-test/base:latest", "--gpu=0", "-e", "SEED=1",
                          "--label=team=vision", "--workdir=/tmp", "--background"})
                  .ok());
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers", MakeContainer("box", State::kCreated, ""));
  t.daemon.Answer("POST", "/v1/containers/box/start", MakeContainer("box", State::kRunning, ""));
  ASSERT_TRUE(RunContainerDeploy(t.session, options).ok());
  EXPECT_EQ(t.daemon.requests[0].body, (nlohmann::json{{"name", "box"},
                                                       {"image", "ds01-test/base:latest"},
                                                       {"gpus", 0},
                                                       {"env", {{"SEED", "1"}}},
                                                       {"labels", {{"team", "vision"}}},
                                                       {"workdir", "/tmp"}}));
}

TEST(RunContainerDeploy, AStartThatFailsRemovesWhatItCreated) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers", MakeContainer("box", State::kCreated, "1"));
  t.daemon.Answer("POST", "/v1/containers/box/start",
                  Result<nlohmann::json>(MakeError(ErrorCode::kInternal, "the engine failed")));
  t.daemon.Answer("POST", "/v1/containers/box/remove", api::Removed{"box"});
  ContainerDeployOptions options;
  options.create.name = "box";
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
  options.create.name = "box";
  options.open = true;
  options.create.background = true;
  EXPECT_EQ(RunContainerDeploy(t.session, options).error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(t.daemon.requests.empty());
}

// What GET /v1/images?all=1 answers alice: her project image, then a catalogue base image.
api::ImageList ProjectAndBaseImages() {
  api::Image base = MakeImage("base", 12);
  base.reference = "aime/pytorch:2.8.0-cuda12.4";
  base.repository = "aime/pytorch";
  base.tag = "2.8.0-cuda12.4";
  base.owner.reset();
  base.kind = "catalogue";
  return api::ImageList{{MakeImage("my-thesis", 8, {"my-thesis"}), base}};
}

// Scripts the create and start of `name`.
void AnswerDeployOf(TestSession& t, const std::string& name) {
  t.daemon.Answer("POST", "/v1/containers", MakeContainer(name, State::kCreated, "1"));
  t.daemon.Answer("POST", "/v1/containers/" + name + "/start",
                  MakeContainer(name, State::kRunning, "1"));
}

ContainerDeployOptions InTheBackground() {
  ContainerDeployOptions options;
  options.create.background = true;  // on a terminal a shell would open otherwise
  return options;
}

TEST(RunContainerDeploy, WithoutANameOrATerminalItIsAUsageErrorAtOnce) {
  TestSession t;
  ContainerDeployOptions options;
  options.create.image = "aime/pytorch:2.8.0-cuda12.4";
  Status status = RunContainerDeploy(t.session, options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().message,
            "NAME is missing, and there is no terminal to choose the image and name on");
  EXPECT_NE(status.error().hint.find("container deploy NAME"), std::string::npos);
  EXPECT_TRUE(t.daemon.requests.empty());
  EXPECT_EQ(t.out.str(), "");
}

TEST(RunContainerDeploy, OnATerminalTheMenuOffersProjectAndBaseImagesAndDeploysTheChoice) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/images?all=1", ProjectAndBaseImages());
  AnswerDeployOf(t, "pytorch");
  t.TerminalTyping("2\n\n");
  ASSERT_TRUE(RunContainerDeploy(t.session, InTheBackground()).ok()) << t.out.str();
  const std::string out = t.out.str();
  EXPECT_NE(out.find("Which image to deploy?\n"
                     "  1)   ds01-1001/my-thesis:latest    your project   8.0GiB    2d 3h ago\n"
                     "  2)   aime/pytorch:2.8.0-cuda12.4   base image     12.0GiB   2d 3h ago\n"
                     "Choose 1-2 (q to cancel): "),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("Name of the new container [pytorch]: "), std::string::npos) << out;
  EXPECT_NE(out.find("Created pytorch (GPU 1, simulated)\nStarted pytorch"), std::string::npos)
      << out;
  ASSERT_EQ(t.daemon.requests.size(), 3u);
  EXPECT_EQ(t.daemon.requests[1].target, "/v1/containers");
  EXPECT_EQ(t.daemon.requests[1].body,
            (json{{"name", "pytorch"}, {"image", "aime/pytorch:2.8.0-cuda12.4"}, {"gpus", 1}}))
      << "the same request as container deploy pytorch --image=aime/pytorch:2.8.0-cuda12.4";
}

TEST(RunContainerDeploy, AProjectImageIsOfferedItsProjectAsTheName) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/images?all=1", ProjectAndBaseImages());
  AnswerDeployOf(t, "my-thesis");
  t.TerminalTyping("1\n\n");
  ASSERT_TRUE(RunContainerDeploy(t.session, InTheBackground()).ok()) << t.out.str();
  EXPECT_EQ(t.daemon.requests[1].body,
            (json{{"name", "my-thesis"}, {"image", "ds01-1001/my-thesis:latest"}, {"gpus", 1}}));
}

TEST(RunContainerDeploy, ANameThatBreaksTheRulesIsAskedForAgain) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/images?all=1", ProjectAndBaseImages());
  AnswerDeployOf(t, "thesis-2");
  t.TerminalTyping("1\nMy Thesis\nthesis-2\n");
  ASSERT_TRUE(RunContainerDeploy(t.session, InTheBackground()).ok()) << t.out.str();
  EXPECT_NE(t.out.str().find("The container name 'My Thesis' is not allowed"), std::string::npos)
      << t.out.str();
  EXPECT_EQ(t.daemon.requests[1].body["name"], "thesis-2");
}

TEST(RunContainerDeploy, AGivenImageIsNotAskedForOnlyTheName) {
  TestSession t;
  AnswerDeployOf(t, "test");
  t.TerminalTyping("test\n");
  ContainerDeployOptions options = InTheBackground();
  options.create.image = "aime/pytorch:2.8.0-cuda12.4";
  ASSERT_TRUE(RunContainerDeploy(t.session, options).ok()) << t.out.str();
  EXPECT_EQ(t.out.str().find("Which image"), std::string::npos) << "no menu, no GET /v1/images";
  ASSERT_EQ(t.daemon.requests.size(), 2u);
  EXPECT_EQ(t.daemon.requests[0].body,
            (json{{"name", "test"}, {"image", "aime/pytorch:2.8.0-cuda12.4"}, {"gpus", 1}}));
}

TEST(RunContainerDeploy, QuittingTheMenuMakesNothing) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/images?all=1", ProjectAndBaseImages());
  t.TerminalTyping("q\n");
  Status status = RunContainerDeploy(t.session, InTheBackground());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kCancelled);
  EXPECT_EQ(t.daemon.requests.size(), 1u);
}

TEST(RunContainerDeploy, NoImageToOfferIsNotFoundWithTheWayOut) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/images?all=1", api::ImageList{});
  t.TerminalTyping("1\n");
  Status status = RunContainerDeploy(t.session, InTheBackground());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kNotFound);
  EXPECT_NE(status.error().hint.find("--image=IMG"), std::string::npos);
}

TEST(DefaultContainerName, IsTheImagesLastComponentWithinTheNameRules) {
  EXPECT_EQ(DefaultContainerName("ds01-1001/my-thesis:latest"), "my-thesis");
  EXPECT_EQ(DefaultContainerName("aime/pytorch:2.8.0-cuda12.4"), "pytorch");
  EXPECT_EQ(DefaultContainerName("registry:5000/team/Big_Model@sha256:abc"), "big_model");
  EXPECT_EQ(DefaultContainerName("my-project"), "my-project");
  EXPECT_EQ(DefaultContainerName("__odd name"), "odd-name");
  EXPECT_EQ(DefaultContainerName(std::string(80, 'a')), std::string(63, 'a'));
  EXPECT_EQ(DefaultContainerName("a._.b"), "") << "'._.' is reserved: no default then";
  EXPECT_EQ(DefaultContainerName("---"), "");
}

}  // namespace
}  // namespace ds01::cli
