#include "cli/commands/container_unpause.h"

#include <gtest/gtest.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using testing::MakeContainer;
using State = api::ContainerState;
using testing::TestSession;

TEST(ContainerUnpauseFlags, TakeANameOrAll) {
  ContainerUnpauseOptions options;
  ArgSpec spec("container-unpause");
  DeclareContainerUnpause(spec, options);
  ASSERT_TRUE(spec.Parse({"--all", "--owner", "bob"}).ok());
  EXPECT_TRUE(options.all);
  EXPECT_EQ(options.owner, "bob");
}

TEST(RunContainerUnpause, ResumesTheNamedContainer) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers/box/unpause", MakeContainer("box", State::kRunning, "1"));
  ContainerUnpauseOptions options;
  options.name = "box";
  ASSERT_TRUE(RunContainerUnpause(t.session, options).ok());
  EXPECT_EQ(t.out.str(), "Unpaused box (GPU 1, simulated)\n");
}

TEST(RunContainerUnpause, AllWithOwnerResumesThatUsersPausedContainers) {
  TestSession t;
  t.daemon.Answer(
      "GET", "/v1/containers?all=1",
      api::ContainerList{{MakeContainer("mine", State::kPaused),
                          MakeContainer("bobs", State::kPaused, "5", {1002, "bob"}),
                          MakeContainer("bobs-live", State::kRunning, "6", {1002, "bob"})}});
  t.daemon.Answer("POST", "/v1/containers/bobs/unpause?owner=bob",
                  MakeContainer("bobs", State::kRunning, "5", {1002, "bob"}));
  ContainerUnpauseOptions options;
  options.all = true;
  options.owner = "bob";
  ASSERT_TRUE(RunContainerUnpause(t.session, options).ok());
  EXPECT_EQ(t.out.str(), "Unpaused bobs\n");
}

TEST(RunContainerUnpause, TheMenuOffersPausedContainersOnly) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/containers?all=1",
                  api::ContainerList{{MakeContainer("live", State::kRunning),
                                      MakeContainer("frozen", State::kPaused)}});
  t.daemon.Answer("POST", "/v1/containers/frozen/unpause",
                  MakeContainer("frozen", State::kRunning));
  t.TerminalTyping("1\n");
  ASSERT_TRUE(RunContainerUnpause(t.session, {}).ok());
  EXPECT_EQ(t.out.str().find("live"), std::string::npos) << t.out.str();
  EXPECT_NE(t.out.str().find("Unpaused frozen"), std::string::npos);
}

}  // namespace
}  // namespace ds01::cli
