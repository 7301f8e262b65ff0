#include "cli/commands/container_exec.h"

#include <gtest/gtest.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using testing::TestSession;

TEST(ContainerExecFlags, TakeANameTheFlagsAndTheCommand) {
  ContainerExecOptions options;
  ArgSpec spec("container-exec");
  DeclareContainerExec(spec, options);
  ASSERT_TRUE(
      spec.Parse({"-d", "train", "-e", "A=1", "-w", "/tmp", "-u", "alice", "--", "ls", "-l"}).ok());
  EXPECT_EQ(options.name, "train");
  EXPECT_TRUE(options.detach);
  EXPECT_EQ(options.env, (std::vector<std::string>{"A=1"}));
  EXPECT_EQ(options.workdir, "/tmp");
  EXPECT_EQ(options.user, "alice");
  EXPECT_EQ(options.command, (std::vector<std::string>{"ls", "-l"}));
}

TEST(RunContainerExec, ACommandIsNeeded) {
  TestSession t;
  ContainerExecOptions options;
  options.name = "train";
  auto ran = RunContainerExec(t.session, options);
  ASSERT_FALSE(ran.ok());
  EXPECT_EQ(ran.error().hint, "container-exec NAME -- COMMAND [ARG…]");
  EXPECT_TRUE(t.daemon.requests.empty());
}

TEST(RunContainerExec, AnEnvironmentVariableNeedsANameAndAnEquals) {
  TestSession t;
  ContainerExecOptions options;
  options.name = "train";
  options.command = {"env"};
  options.env = {"NOEQUALS"};
  auto ran = RunContainerExec(t.session, options);
  ASSERT_FALSE(ran.ok());
  EXPECT_EQ(ran.error().message, "-e takes NAME=value, not 'NOEQUALS'");
}

TEST(RunContainerExec, DetachedItAsksForTheCommandAndReturns) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers/train/exec", api::ExecStarted{"abc", false, 0});
  ContainerExecOptions options;
  options.name = "train";
  options.detach = true;
  options.env = {"SEED=1"};
  options.command = {"python", "train.py"};
  ASSERT_TRUE(RunContainerExec(t.session, options).ok());
  ASSERT_EQ(t.daemon.requests.size(), 1u);
  EXPECT_EQ(t.daemon.requests[0].body,
            (nlohmann::json{
                {"cmd", {"python", "train.py"}}, {"detach", true}, {"env", {{"SEED", "1"}}}}));
  EXPECT_EQ(t.out.str(), "Running in the background in train\n");
  EXPECT_EQ(t.session.exit_status, std::nullopt);
}

TEST(RunContainerExec, TheDaemonsRefusalComesBackAsIs) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers/train/exec",
                  Result<nlohmann::json>(MakeError(ErrorCode::kConflict,
                                                   "Cannot enter container train: it is stopped, "
                                                   "not running",
                                                   "start it")));
  ContainerExecOptions options;
  options.name = "train";
  options.detach = true;
  options.command = {"true"};
  auto ran = RunContainerExec(t.session, options);
  ASSERT_FALSE(ran.ok());
  EXPECT_EQ(ran.error().code, ErrorCode::kConflict);
}

}  // namespace
}  // namespace ds01::cli
