#include "cli/commands/container_run.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using testing::MakeContainer;
using testing::TestSession;
using State = api::ContainerState;

// A shell whose output ends at once, with `exit_code`, as ds01d would hand it over; the
// session's stdin is the returned empty file (not a terminal: the shell reads it as a script).
UniqueFd ShellEndingWith(TestSession& t, const std::string& name, int exit_code) {
  int sockets[2];
  EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sockets), 0);
  ::close(sockets[1]);
  t.daemon.ExecAnswer("/v1/containers/" + name + "/exec",
                      HandedExec{UniqueFd(sockets[0]), {"e1", false, 0}, ""});
  t.daemon.Answer("GET", "/v1/containers/" + name + "/exec/e1", api::ExecState{false, exit_code});
  UniqueFd empty(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  t.session.stdin_fd = empty.get();
  return empty;
}

TEST(RunContainerRun, StartsAStoppedContainerThenOpensTheShell) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/containers/box", MakeContainer("box", State::kStopped));
  t.daemon.Answer("POST", "/v1/containers/box/start", MakeContainer("box", State::kRunning, "1"));
  UniqueFd stdin_file = ShellEndingWith(t, "box", 5);
  ContainerRunOptions options;
  options.name = "box";
  ASSERT_TRUE(RunContainerRun(t.session, options).ok());
  EXPECT_EQ(t.out.str(), "Started box (GPU 1, simulated)\n");
  EXPECT_EQ(t.session.exit_status, 5);
  ASSERT_EQ(t.daemon.requests.size(), 4u);
  EXPECT_EQ(t.daemon.requests[2].target, "/v1/containers/box/exec");
  EXPECT_EQ(t.daemon.requests[2].body, (nlohmann::json{{"shell", true}, {"stdin", true}}));
}

TEST(RunContainerRun, ARunningContainerIsOnlyEntered) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/containers/box", MakeContainer("box", State::kRunning));
  UniqueFd stdin_file = ShellEndingWith(t, "box", 0);
  ContainerRunOptions options;
  options.name = "box";
  ASSERT_TRUE(RunContainerRun(t.session, options).ok());
  EXPECT_EQ(t.out.str(), "");
  EXPECT_EQ(t.session.exit_status, 0);
  for (const auto& request : t.daemon.requests) {
    EXPECT_NE(request.target, "/v1/containers/box/start");
  }
}

ContainerRunOptions Parsed(const std::vector<std::string>& args) {
  ContainerRunOptions options;
  ArgSpec spec("container-run");
  DeclareContainerRun(spec, options);
  Status parsed = spec.Parse(args);
  EXPECT_TRUE(parsed.ok()) << parsed.error().ToString();
  return options;
}

// A handed connection on which `bytes` come, then the end.
HandedStream Handed(const std::string& bytes, bool chunked = false) {
  int sockets[2];
  EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sockets), 0);
  EXPECT_EQ(::write(sockets[1], bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  ::close(sockets[1]);
  return HandedStream{UniqueFd(sockets[0]), {chunked, false, 0}, ""};
}

TEST(ContainerRunFlags, WithRmThePositionalIsTheImageAndCreateFlagsAreTaken) {
  const ContainerRunOptions options =
      Parsed({"--rm", "python:3.12", "--gpu=0", "-e", "SEED=1", "--", "python", "-c", "1"});
  EXPECT_TRUE(options.remove_at_exit);
  EXPECT_EQ(options.name, "python:3.12");
  EXPECT_EQ(options.create.gpus, 0);
  EXPECT_EQ(options.create.env, (std::vector<std::string>{"SEED=1"}));
  EXPECT_EQ(options.create.command, (std::vector<std::string>{"python", "-c", "1"}));
}

TEST(RunContainerRun, CreateFlagsWithoutRmAreAUsageErrorThatNamesBothWays) {
  TestSession t;
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"box", "--gpu=2"}, {"box", "-d"}}) {
    Status ran = RunContainerRun(t.session, Parsed(args));
    ASSERT_FALSE(ran.ok());
    EXPECT_EQ(ran.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(ran.error().hint.find("container-run --rm IMAGE"), std::string::npos);
  }
  Status no_image = RunContainerRun(t.session, Parsed({"--rm"}));
  ASSERT_FALSE(no_image.ok());
  EXPECT_EQ(no_image.error().message, "container-run --rm needs the image to run");
  EXPECT_TRUE(t.daemon.requests.empty());
}

TEST(RunContainerRun, RmCreatesToBeRemovedWaitsAndAttachesBeforeTheStartAndExitsWithTheCode) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers", MakeContainer("job", State::kCreated));
  t.daemon.HandedAnswer("POST", "/v1/containers/job/wait?condition=removed",
                        Handed(R"({"StatusCode":7})"));
  t.daemon.HandedAnswer("POST", "/v1/containers/job/attach",
                        Handed(testing::Frame(1, "out\n") + testing::Frame(2, "err\n")));
  t.daemon.Answer("POST", "/v1/containers/job/start", MakeContainer("job", State::kRunning));
  testing::Pipe out, err;
  t.session.stdout_fd = out.fds[1];
  t.session.stderr_fd = err.fds[1];
  ASSERT_TRUE(
      RunContainerRun(t.session, Parsed({"--rm", "--image=busybox", "job", "--gpu=0", "--", "sh"}))
          .ok());
  EXPECT_EQ(out.Drain(), "out\n");
  EXPECT_EQ(err.Drain(), "err\n");
  EXPECT_EQ(t.session.exit_status, 7);
  ASSERT_EQ(t.daemon.requests.size(), 4u);
  EXPECT_EQ(t.daemon.requests[0].body["auto_remove"], true);
  EXPECT_EQ(t.daemon.requests[0].body["image"], "busybox");
  EXPECT_EQ(t.daemon.requests[0].body["command"], "sh");
  EXPECT_EQ(t.daemon.requests[1].target, "/v1/containers/job/wait?condition=removed");
  EXPECT_EQ(t.daemon.requests[2].target, "/v1/containers/job/attach");
  EXPECT_EQ(t.daemon.requests[3].target, "/v1/containers/job/start");
}

TEST(RunContainerRun, ARunThatCannotStartIsRemovedNotLeftBehind) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers", MakeContainer("job", State::kCreated));
  t.daemon.HandedAnswer("POST", "/v1/containers/job/wait?condition=removed",
                        Handed(R"({"StatusCode":0})"));
  t.daemon.HandedAnswer("POST", "/v1/containers/job/attach", Handed(""));
  t.daemon.Answer("POST", "/v1/containers/job/start",
                  Result<nlohmann::json>(MakeError(ErrorCode::kUnavailable, "no such program")));
  t.daemon.Answer("POST", "/v1/containers/job/remove", nlohmann::json::object());
  Status ran = RunContainerRun(t.session, Parsed({"--rm", "--image=busybox", "job", "--", "nope"}));
  ASSERT_FALSE(ran.ok());
  EXPECT_EQ(ran.error().message, "no such program");
  ASSERT_EQ(t.daemon.requests.size(), 5u);
  EXPECT_EQ(t.daemon.requests[4].target, "/v1/containers/job/remove");
  EXPECT_EQ(t.daemon.requests[4].body, (nlohmann::json{{"stop", true}}));
}

TEST(RunContainerRun, RmDetachedStartsItAndPrintsItsNameAlone) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers", MakeContainer("job", State::kCreated));
  t.daemon.Answer("POST", "/v1/containers/job/start", MakeContainer("job", State::kRunning));
  ASSERT_TRUE(RunContainerRun(t.session, Parsed({"--rm", "-d", "--image=busybox", "job"})).ok());
  EXPECT_EQ(t.out.str(), "job\n");
  EXPECT_FALSE(t.session.exit_status.has_value());
}

}  // namespace
}  // namespace ds01::cli
