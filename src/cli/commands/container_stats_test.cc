#include "cli/commands/container_stats.h"

#include <gtest/gtest.h>

#include "api/wire_stats.h"
#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using testing::TestSession;

api::StatsList StatsAnswer(const std::string& name, double cpu) {
  return {{{name,
            {1001, "alice"},
            api::ContainerState::kRunning,
            cpu,
            1 << 20,
            4 << 20,
            2,
            std::nullopt,
            std::nullopt,
            std::nullopt}}};
}

TEST(ContainerStatsFlags, TakeWatchAndFormat) {
  ContainerStatsOptions options;
  ArgSpec spec("container-stats");
  DeclareContainerStats(spec, options);
  ASSERT_TRUE(spec.Parse({"--watch", "--format=json"}).ok());
  EXPECT_TRUE(options.watch);
  EXPECT_EQ(options.format, OutputFormat::kJson);
  EXPECT_FALSE(options.name);
}

TEST(RunContainerStats, WithoutNameShowsEveryRunningContainerOnce) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/stats", StatsAnswer("a", 12.5));
  ASSERT_TRUE(RunContainerStats(t.session, {}).ok());
  EXPECT_EQ(t.out.str(),
            "NAME   CPU %   MEM USAGE   MEM %   GPU MEM   GPU %\n"
            "a      12.5%   1MB/4MB     25.0%   -         -\n");
  EXPECT_TRUE(t.pacer.intervals.empty());
}

TEST(RunContainerStats, WithANameAsksForThatContainer) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/containers/box/stats?owner=bob", StatsAnswer("box", 1));
  ContainerStatsOptions options;
  options.name = "box";
  options.owner = "bob";
  options.format = OutputFormat::kSimple;
  ASSERT_TRUE(RunContainerStats(t.session, options).ok());
  EXPECT_EQ(t.out.str(), "box 1 1048576 4194304 - -\n");
}

TEST(RunContainerStats, WatchRedrawsEveryTwoSecondsUntilInterrupted) {
  TestSession t;
  t.pacer.waits_left = 2;
  t.daemon.Answer("GET", "/v1/stats", StatsAnswer("a", 1));
  t.daemon.Answer("GET", "/v1/stats", StatsAnswer("a", 2));
  t.daemon.Answer("GET", "/v1/stats", StatsAnswer("a", 3));
  ContainerStatsOptions options;
  options.watch = true;
  options.format = OutputFormat::kSimple;
  ASSERT_TRUE(RunContainerStats(t.session, options).ok());
  EXPECT_EQ(t.daemon.requests.size(), 3u);
  EXPECT_EQ(t.pacer.intervals, (std::vector<std::chrono::milliseconds>(3, kStatsInterval)));
  EXPECT_EQ(t.out.str(),
            "a 1 1048576 4194304 - -\na 2 1048576 4194304 - -\na 3 1048576 4194304 - -\n");
}

TEST(RunContainerStats, WatchOnATerminalClearsTheScreenBeforeEachFrame) {
  TestSession t;
  t.TerminalTyping("");
  t.pacer.waits_left = 1;
  t.daemon.Answer("GET", "/v1/stats", StatsAnswer("a", 1));
  ContainerStatsOptions options;
  options.watch = true;
  ASSERT_TRUE(RunContainerStats(t.session, options).ok());
  const std::string out = t.out.str();
  EXPECT_TRUE(out.starts_with("\x1b[H\x1b[2J")) << out;
  EXPECT_NE(out.find("\x1b[H\x1b[2J", 1), std::string::npos);
}

TEST(RunContainerStats, AFailedRedrawEndsTheWatchWithTheError) {
  TestSession t;
  t.pacer.waits_left = 5;
  t.daemon.Answer("GET", "/v1/stats", StatsAnswer("a", 1));
  t.daemon.Answer("GET", "/v1/stats", MakeError(ErrorCode::kUnavailable, "gone"));
  ContainerStatsOptions options;
  options.watch = true;
  Status status = RunContainerStats(t.session, options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kUnavailable);
}

TEST(RunContainerStats, OwnerWithoutNameIsAUsageError) {
  TestSession t;
  ContainerStatsOptions options;
  options.owner = "bob";
  EXPECT_EQ(RunContainerStats(t.session, options).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace ds01::cli
