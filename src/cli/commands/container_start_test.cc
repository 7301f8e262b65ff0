#include "cli/commands/container_start.h"

#include <gtest/gtest.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using testing::ContainerJson;
using testing::ListJson;
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
  t.daemon.Answer("POST", "/v1/containers/box/start", ContainerJson("box", "running", "1"));
  ContainerStartOptions options;
  options.name = "box";
  ASSERT_TRUE(RunContainerStart(t.session, options).ok());
  EXPECT_EQ(t.out.str(), "Started box (GPU 1, simulated)\n");
}

TEST(RunContainerStart, AnAdminReachesAnotherUsersContainerThroughOwner) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers/box/start?owner=bob", ContainerJson("box", "running"));
  ContainerStartOptions options;
  options.name = "box";
  options.owner = "bob";
  ASSERT_TRUE(RunContainerStart(t.session, options).ok());
}

TEST(RunContainerStart, TheMenuOffersCreatedAndStoppedContainers) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/containers?all=1",
                  ListJson({ContainerJson("up", "running"), ContainerJson("new", "created"),
                            ContainerJson("down", "stopped")}));
  t.daemon.Answer("POST", "/v1/containers/down/start", ContainerJson("down", "running"));
  t.TerminalTyping("2\n");
  ASSERT_TRUE(RunContainerStart(t.session, {}).ok());
  EXPECT_EQ(t.out.str().find(" up "), std::string::npos) << t.out.str();
  EXPECT_NE(t.out.str().find("Started down"), std::string::npos);
}

}  // namespace
}  // namespace ds01::cli
