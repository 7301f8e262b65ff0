#include "cli/commands/container_logs.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using testing::TestSession;

ContainerLogsOptions Parsed(const std::vector<std::string>& args) {
  ContainerLogsOptions options;
  ArgSpec spec("container-logs");
  DeclareContainerLogs(spec, options);
  Status parsed = spec.Parse(args);
  EXPECT_TRUE(parsed.ok()) << parsed.error().ToString();
  return options;
}

TEST(ContainerLogsFlags, TakeANameAndEveryOption) {
  const ContainerLogsOptions options =
      Parsed({"train", "-f", "--since=10m", "--until", "2026-12-04T10:00:00Z", "-n", "50", "-t",
              "--stderr", "--owner=alice"});
  EXPECT_EQ(options.name, "train");
  EXPECT_TRUE(options.follow);
  EXPECT_EQ(options.since, "10m");
  EXPECT_EQ(options.until, "2026-12-04T10:00:00Z");
  EXPECT_EQ(options.tail, "50");
  EXPECT_TRUE(options.timestamps);
  EXPECT_TRUE(options.stderr_only);
  EXPECT_FALSE(options.stdout_only);
  EXPECT_EQ(options.owner, "alice");
  EXPECT_EQ(Parsed({"train", "--tail=all", "--follow", "--timestamps"}).tail, "all");
}

TEST(LogsRoute, CarriesEveryValueAsWrittenForDs01dToJudge) {
  EXPECT_EQ(LogsRoute(Parsed({"train"})), "/v1/containers/train/logs");
  EXPECT_EQ(LogsRoute(Parsed({"train", "-f", "--since=2024-01-01T00:00:00+01:00", "--until=1h",
                              "--tail=-3", "-t", "--owner=al ice"})),
            "/v1/containers/train/logs?follow=1&since=2024-01-01T00%3A00%3A00%2B01%3A00"
            "&until=1h&tail=-3&timestamps=1&owner=al%20ice");
  EXPECT_EQ(LogsRoute(Parsed({"a/b c"})), "/v1/containers/a%2Fb%20c/logs");
}

TEST(LogsRoute, StdoutOrStderrAsksForThatStreamAloneAndBothForBoth) {
  EXPECT_EQ(LogsRoute(Parsed({"x", "--stdout"})), "/v1/containers/x/logs?stderr=0");
  EXPECT_EQ(LogsRoute(Parsed({"x", "--stderr"})), "/v1/containers/x/logs?stdout=0");
  EXPECT_EQ(LogsRoute(Parsed({"x", "--stdout", "--stderr"})), "/v1/containers/x/logs");
}

TEST(RunContainerLogs, ANameIsNeeded) {
  TestSession t;
  Status ran = RunContainerLogs(t.session, {});
  ASSERT_FALSE(ran.ok());
  EXPECT_EQ(ran.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ran.error().hint, "container-logs NAME (container-list --all shows yours)");
  EXPECT_TRUE(t.daemon.requests.empty());
}

TEST(RunContainerLogs, PrintsTheHandedOverAnswerToTheSessionsStdout) {
  int sockets[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sockets), 0);
  const std::string rest = "\r\n5\r\n two\n\r\n0\r\n\r\n";
  ASSERT_EQ(::write(sockets[1], rest.data(), rest.size()), static_cast<ssize_t>(rest.size()));
  ::close(sockets[1]);
  TestSession t;
  t.daemon.HandedAnswer("GET", "/v1/containers/train/logs?tail=2",
                        HandedStream{UniqueFd(sockets[0]), {true, true, 7}, "4\r\none\n"});
  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  t.session.stdout_fd = out[1];
  ASSERT_TRUE(RunContainerLogs(t.session, Parsed({"train", "-n", "2"})).ok());
  ::close(out[1]);
  char buffer[64];
  const ssize_t got = ::read(out[0], buffer, sizeof buffer);
  ::close(out[0]);
  EXPECT_EQ(std::string(buffer, static_cast<std::size_t>(std::max<ssize_t>(got, 0))),
            "one\n two\n");
}

TEST(RunContainerLogs, Ds01dsRefusalIsTheCommands) {
  TestSession t;  // the fake daemon refuses what it was not told to answer
  Status ran = RunContainerLogs(t.session, Parsed({"train"}));
  ASSERT_FALSE(ran.ok());
  EXPECT_EQ(ran.error().message, "unexpected request GET /v1/containers/train/logs");
}

}  // namespace
}  // namespace ds01::cli
