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

}  // namespace
}  // namespace ds01::cli
