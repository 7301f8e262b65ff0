#include "cli/commands/container_stop.h"

#include <gtest/gtest.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using nlohmann::json;
using testing::MakeContainer;
using State = api::ContainerState;
using testing::TestSession;

Result<ContainerStopOptions> Parse(const std::vector<std::string>& args) {
  ContainerStopOptions options;
  ArgSpec spec("container-stop");
  DeclareContainerStop(spec, options);
  DS01_RETURN_IF_ERROR(spec.Parse(args));
  return options;
}

api::Container Stopped() {
  api::Container stopped = MakeContainer("box", State::kStopped, "2");
  stopped.hold_expires_at = testing::MinutesFromStart(15);
  return stopped;
}

TEST(ContainerStopFlags, TakeTime) {
  auto options = Parse({"box", "--time=5"});
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->name, "box");
  EXPECT_EQ(options->time, std::chrono::seconds(5));
  auto spaced = Parse({"box", "--time", "30"});
  ASSERT_TRUE(spaced.ok());
  EXPECT_EQ(spaced->time, std::chrono::seconds(30));
}

TEST(ContainerStopFlags, RefuseATimeThatIsNotOne) {
  auto options = Parse({"box", "--time=later"});
  ASSERT_FALSE(options.ok());
  EXPECT_EQ(options.error().code, ErrorCode::kInvalidArgument);
}

TEST(RunContainerStop, SendsTheGraceTimeAndReportsTheHold) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers/box/stop", Stopped());
  ContainerStopOptions options;
  options.name = "box";
  options.time = std::chrono::seconds(5);
  ASSERT_TRUE(RunContainerStop(t.session, options).ok());
  ASSERT_EQ(t.daemon.requests.size(), 1u);
  EXPECT_EQ(t.daemon.requests[0].body, (json{{"time", 5}}));
  EXPECT_EQ(t.out.str(), "Stopped box (GPU 2 held for 15m)\n");
}

TEST(RunContainerStop, OnATerminalAsksFirstAndANoStopsNothing) {
  TestSession t;
  t.TerminalTyping("n\n");
  ContainerStopOptions options;
  options.name = "box";
  Status status = RunContainerStop(t.session, options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kCancelled);
  EXPECT_TRUE(t.daemon.requests.empty());
}

TEST(RunContainerStop, ForceDoesNotAsk) {
  TestSession t;
  t.TerminalTyping("");
  t.daemon.Answer("POST", "/v1/containers/box/stop", Stopped());
  ContainerStopOptions options;
  options.name = "box";
  t.session.force = true;
  ASSERT_TRUE(RunContainerStop(t.session, options).ok());
  EXPECT_EQ(t.out.str().find("[y/N]"), std::string::npos);
}

}  // namespace
}  // namespace ds01::cli
