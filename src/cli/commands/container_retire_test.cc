#include "cli/commands/container_retire.h"

#include <gtest/gtest.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using nlohmann::json;
using testing::MakeContainer;
using testing::MakeImage;
using testing::TestSession;
using State = api::ContainerState;

constexpr const char* kQuestion = "Also remove image ds01-1001/thesis:latest? [y/N] ";

ContainerRetireOptions Named(const std::string& name) {
  ContainerRetireOptions options;
  options.name = name;
  return options;
}

// Scripts the retire of alice's running container "thesis", made from her project image
// ds01-1001/thesis:latest, which after the removal is used by `still_used_by`.
void AnswerRetireOfThesis(TestSession& t, std::vector<std::string> still_used_by = {}) {
  t.daemon.Answer("GET", "/v1/containers/thesis", MakeContainer("thesis", State::kRunning));
  t.daemon.Answer("POST", "/v1/containers/thesis/remove", api::Removed{"thesis"});
  t.daemon.Answer("GET", "/v1/images",
                  api::ImageList{{MakeImage("thesis", 8, std::move(still_used_by))}});
  t.daemon.Answer("POST", "/v1/images/thesis/remove", api::ImageRemoved{"ds01-1001/thesis:latest"});
}

std::vector<std::string> Targets(const TestSession& t) {
  std::vector<std::string> targets;
  for (const auto& request : t.daemon.requests)
    targets.push_back(request.method + " " + request.target);
  return targets;
}

TEST(ContainerRetireFlags, TakeANameOwnerAndKeepImage) {
  ContainerRetireOptions options;
  ArgSpec spec("container retire");
  DeclareContainerRetire(spec, options);
  ASSERT_TRUE(spec.Parse({"thesis", "--keep-image", "--owner=bob"}).ok());
  EXPECT_EQ(options.name, "thesis");
  EXPECT_EQ(options.owner, "bob");
  EXPECT_TRUE(options.keep_image);
}

TEST(RunContainerRetire, WithoutANameOrATerminalItIsAUsageErrorAtOnce) {
  TestSession t;
  Status status = RunContainerRetire(t.session, {});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(status.error().hint.find("container retire NAME"), std::string::npos);
  EXPECT_TRUE(t.daemon.requests.empty());
}

TEST(RunContainerRetire, WithoutATerminalItRemovesAndNeverAsksAboutTheImage) {
  TestSession t;
  AnswerRetireOfThesis(t);
  ASSERT_TRUE(RunContainerRetire(t.session, Named("thesis")).ok());
  EXPECT_EQ(Targets(t), std::vector<std::string>{"POST /v1/containers/thesis/remove"});
  EXPECT_EQ(t.daemon.requests[0].body, (json{{"stop", true}}));
  EXPECT_EQ(t.out.str(), "Removed thesis (GPU freed; workspace files kept)\n");
}

TEST(RunContainerRetire, AnAcceptedOfferDeletesTheImageAsImageDeleteDoes) {
  TestSession t;
  AnswerRetireOfThesis(t);
  t.TerminalTyping("y\ny\n");
  ASSERT_TRUE(RunContainerRetire(t.session, Named("thesis")).ok()) << t.out.str();
  EXPECT_EQ(Targets(t), (std::vector<std::string>{
                            "GET /v1/containers/thesis", "POST /v1/containers/thesis/remove",
                            "GET /v1/images", "POST /v1/images/thesis/remove"}));
  EXPECT_EQ(t.daemon.requests[3].body, json::object()) << "never the engine's force";
  const std::string out = t.out.str();
  EXPECT_NE(out.find("Removed thesis (GPU freed; workspace files kept)\n" + std::string(kQuestion) +
                     "Deleted image ds01-1001/thesis:latest\n"),
            std::string::npos)
      << out;
}

TEST(RunContainerRetire, ADeclinedOfferKeepsTheImage) {
  TestSession t;
  AnswerRetireOfThesis(t);
  t.TerminalTyping("y\n\n");
  ASSERT_TRUE(RunContainerRetire(t.session, Named("thesis")).ok());
  EXPECT_NE(t.out.str().find(kQuestion), std::string::npos) << t.out.str();
  EXPECT_EQ(t.daemon.requests.back().target, "/v1/images");
}

TEST(RunContainerRetire, KeepImageAsksNoQuestionAboutIt) {
  TestSession t;
  AnswerRetireOfThesis(t);
  t.TerminalTyping("y\ny\n");
  ContainerRetireOptions options = Named("thesis");
  options.keep_image = true;
  ASSERT_TRUE(RunContainerRetire(t.session, options).ok());
  EXPECT_EQ(Targets(t), std::vector<std::string>{"POST /v1/containers/thesis/remove"});
  EXPECT_EQ(t.out.str().find("Also remove image"), std::string::npos) << t.out.str();
}

TEST(RunContainerRetire, ForceAsksNothingAndKeepsTheImage) {
  TestSession t;
  AnswerRetireOfThesis(t);
  t.TerminalTyping("");
  t.session.force = true;
  ASSERT_TRUE(RunContainerRetire(t.session, Named("thesis")).ok());
  EXPECT_EQ(Targets(t), std::vector<std::string>{"POST /v1/containers/thesis/remove"});
  EXPECT_EQ(t.out.str(), "Removed thesis (GPU freed; workspace files kept)\n");
}

TEST(RunContainerRetire, AnImageAnotherContainerStillUsesIsNotOffered) {
  TestSession t;
  AnswerRetireOfThesis(t, {"thesis-eval"});
  t.TerminalTyping("y\ny\n");
  ASSERT_TRUE(RunContainerRetire(t.session, Named("thesis")).ok());
  EXPECT_EQ(t.out.str().find("Also remove image"), std::string::npos) << t.out.str();
  EXPECT_EQ(t.daemon.requests.back().target, "/v1/images");
}

TEST(RunContainerRetire, AnImageThatIsNotTheCallersProjectImageIsNotOffered) {
  TestSession t;
  api::Container base = MakeContainer("thesis", State::kStopped);
  base.image = "aime/pytorch:2.8.0-cuda12.4";
  t.daemon.Answer("GET", "/v1/containers/thesis", base);
  t.daemon.Answer("POST", "/v1/containers/thesis/remove", api::Removed{"thesis"});
  t.TerminalTyping("y\ny\n");
  ASSERT_TRUE(RunContainerRetire(t.session, Named("thesis")).ok());
  EXPECT_EQ(Targets(t), (std::vector<std::string>{"GET /v1/containers/thesis",
                                                  "POST /v1/containers/thesis/remove"}));
}

TEST(RunContainerRetire, AnAdminRetiringAnotherUsersContainerIsNotOfferedTheirImage) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/containers/thesis?owner=bob",
                  MakeContainer("thesis", State::kRunning, "0", {1002, "bob"}));
  t.daemon.Answer("POST", "/v1/containers/thesis/remove?owner=bob", api::Removed{"thesis"});
  t.TerminalTyping("y\ny\n");
  ContainerRetireOptions options = Named("thesis");
  options.owner = "bob";
  ASSERT_TRUE(RunContainerRetire(t.session, options).ok());
  EXPECT_EQ(t.daemon.requests.back().target, "/v1/containers/thesis/remove?owner=bob");
}

TEST(RunContainerRetire, WithoutANameATerminalShowsAMenuOfTheContainers) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/containers?all=1",
                  api::ContainerList{{MakeContainer("eval", State::kStopped, "1"),
                                      MakeContainer("thesis", State::kRunning)}});
  AnswerRetireOfThesis(t);
  t.TerminalTyping("2\ny\nn\n");
  ASSERT_TRUE(RunContainerRetire(t.session, {}).ok()) << t.out.str();
  const std::string out = t.out.str();
  EXPECT_NE(out.find("Which container to retire?"), std::string::npos) << out;
  EXPECT_NE(out.find("1)   eval     stopped"), std::string::npos) << out;
  EXPECT_NE(out.find("2)   thesis   running   GPU-0"), std::string::npos) << out;
  EXPECT_EQ(t.daemon.requests[2].target, "/v1/containers/thesis/remove");
}

}  // namespace
}  // namespace ds01::cli
