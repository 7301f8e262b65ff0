#include "cli/commands/container_start.h"

#include <gtest/gtest.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using testing::MakeContainer;
using State = api::ContainerState;
using testing::TestSession;

TEST(ContainerStartFlags, TakeANameAndAnOwner) {
  ContainerStartOptions options;
  ArgSpec spec("container-start");
  DeclareContainerStart(spec, options);
  ASSERT_TRUE(spec.Parse({"box", "--owner=bob"}).ok());
  EXPECT_EQ(options.name, "box");
  EXPECT_EQ(options.owner, "bob");
}

TEST(RunContainerStart, StartsTheNamedContainer) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers/box/start", MakeContainer("box", State::kRunning, "1"));
  ContainerStartOptions options;
  options.name = "box";
  ASSERT_TRUE(RunContainerStart(t.session, options).ok());
  EXPECT_EQ(t.out.str(), "Started box (GPU 1, simulated)\n");
}

TEST(RunContainerStart, AnAdminReachesAnotherUsersContainerThroughOwner) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers/box/start?owner=bob",
                  MakeContainer("box", State::kRunning));
  ContainerStartOptions options;
  options.name = "box";
  options.owner = "bob";
  ASSERT_TRUE(RunContainerStart(t.session, options).ok());
}

TEST(RunContainerStart, TheMenuOffersCreatedAndStoppedContainers) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/containers?all=1",
                  api::ContainerList{{MakeContainer("up", State::kRunning),
                                      MakeContainer("new", State::kCreated),
                                      MakeContainer("down", State::kStopped)}});
  t.daemon.Answer("POST", "/v1/containers/down/start", MakeContainer("down", State::kRunning));
  t.TerminalTyping("2\n");
  ASSERT_TRUE(RunContainerStart(t.session, {}).ok());
  EXPECT_EQ(t.out.str().find(" up "), std::string::npos) << t.out.str();
  EXPECT_NE(t.out.str().find("Started down"), std::string::npos);
}

}  // namespace
}  // namespace ds01::cli
