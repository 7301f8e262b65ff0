#include "daemon/logs_query.h"

#include <gtest/gtest.h>

namespace ds01::daemon {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

const Clock::TimePoint kNow = FakeClock::DefaultStart();  // 2024-01-01T00:00:00Z, 1704067200
constexpr double kNowSeconds = 1'704'067'200;

docker::LogsOptions Read(std::string_view query) {
  auto options = ReadLogsQuery(query, kNow);
  EXPECT_TRUE(options.ok()) << query << ": " << options.error().ToString();
  return options.ok() ? *options : docker::LogsOptions{};
}

Error Refusal(std::string_view query) {
  auto options = ReadLogsQuery(query, kNow);
  EXPECT_FALSE(options.ok()) << query;
  if (options.ok()) return MakeError(ErrorCode::kInternal, "accepted");
  EXPECT_EQ(options.error().code, ErrorCode::kInvalidArgument) << query;
  return options.error();
}

TEST(ReadLogsQuery, NothingAskedIsBothStreamsEveryLineOnce) {
  const docker::LogsOptions options = Read("");
  EXPECT_TRUE(options.stdout_stream);
  EXPECT_TRUE(options.stderr_stream);
  EXPECT_FALSE(options.follow);
  EXPECT_FALSE(options.timestamps);
  EXPECT_FALSE(options.since);
  EXPECT_FALSE(options.until);
  EXPECT_FALSE(options.tail);
  EXPECT_EQ(docker::LogsPath("c", options), "/containers/c/logs?stdout=1&stderr=1&tail=all");
}

TEST(ReadLogsQuery, FlagsTakeEveryYesAndNo) {
  EXPECT_TRUE(Read("follow").follow);
  EXPECT_TRUE(Read("follow=1").follow);
  EXPECT_TRUE(Read("follow=true&timestamps=yes").timestamps);
  EXPECT_FALSE(Read("follow=0").follow);
  EXPECT_FALSE(Read("stdout=false").stdout_stream);
  EXPECT_FALSE(Read("stderr=no").stderr_stream);
  EXPECT_TRUE(Read("stderr=no").stdout_stream);
  EXPECT_TRUE(Read("owner=alice").stdout_stream) << "owner is the router's";
}

TEST(ReadLogsQuery, SinceAndUntilTakeRfc3339UnixSecondsAndDurationsAgo) {
  EXPECT_EQ(Read("since=2024-01-01T00:00:00.5Z").since, kNowSeconds + 0.5);
  EXPECT_EQ(Read("since=2023-12-31T23:00:00%2B00:00").since, kNowSeconds - 3600)
      << "a percent-encoded '+' is an offset";
  EXPECT_EQ(Read("since=1704067200.25").since, kNowSeconds + 0.25);
  EXPECT_EQ(Read("since=90s").since, kNowSeconds - 90);
  EXPECT_EQ(Read("since=10m&until=1m").until, kNowSeconds - 60);
  EXPECT_EQ(Read("since=1h").since, kNowSeconds - 3600);
  EXPECT_EQ(Read("since=2h30m").since, kNowSeconds - 9000);
  EXPECT_EQ(Read("since=99999999d").since, 0.0) << "before 1970 is everything there is";
}

TEST(ReadLogsQuery, ASinceInTheFutureIsTakenAsTheEngineTakesIt) {
  EXPECT_EQ(Read("since=2030-01-01T00:00:00Z").since, 1'893'456'000.0);
}

TEST(ReadLogsQuery, TailIsANumberOfLinesOrAll) {
  EXPECT_EQ(Read("tail=0").tail, 0);
  EXPECT_EQ(Read("tail=25").tail, 25);
  EXPECT_EQ(Read("tail=2147483647").tail, 2147483647);
  EXPECT_FALSE(Read("tail=all").tail);
  EXPECT_EQ(docker::LogsPath("c", Read("tail=7")), "/containers/c/logs?stdout=1&stderr=1&tail=7");
}

TEST(ReadLogsQuery, RefusesATailThatIsNoNumberOfLines) {
  const Error error = Refusal("tail=-3");
  EXPECT_EQ(error.message, "tail: '-3' is not a number of lines");
  EXPECT_EQ(error.hint, "give a whole number from 0 to 2147483647, or all");
  for (const char* bad : {"tail=", "tail=2147483648", "tail=99999999999999999999999", "tail=1e3",
                          "tail=+5", "tail=5%20", "tail=ALL", "tail=0x10", "tail=1.5"}) {
    Refusal(bad);
  }
}

TEST(ReadLogsQuery, RefusesATimeItCannotRead) {
  const Error error = Refusal("since=yesterday");
  EXPECT_EQ(error.message, "since: 'yesterday' is not a time");
  EXPECT_NE(error.hint.find("RFC 3339"), std::string::npos) << error.hint;
  for (const char* bad : {"since=", "until=soon", "since=-5m", "since=1e9", "since=1.5h",
                          "until=99999999999999999999", "since=253402300800",
                          "since=2024-13-01T00:00:00Z", "since=%00"}) {
    Refusal(bad);
  }
}

TEST(ReadLogsQuery, RefusesAnUntilBeforeItsSince) {
  const Error error = Refusal("since=1h&until=2h");
  EXPECT_EQ(error.message,
            "until (2023-12-31T22:00:00.000Z) is before since (2023-12-31T23:00:00.000Z): "
            "no line is in between");
  EXPECT_EQ(error.hint, "swap them, or drop one");
  EXPECT_EQ(Read("since=1h&until=1h").until, kNowSeconds - 3600) << "the same instant is allowed";
}

TEST(ReadLogsQuery, RefusesBadFlagsNeitherStreamAndUnknownKeys) {
  EXPECT_EQ(Refusal("follow=banana").message, "follow: 'banana' is not yes or no");
  EXPECT_EQ(Refusal("stdout=0&stderr=0").message,
            "Neither stdout nor stderr: there is nothing to show");
  EXPECT_EQ(Refusal("taill=5").message, "The logs take no 'taill'");
  Refusal("tail=5&details=1");
  Refusal("stdout=2");
}

}  // namespace
}  // namespace ds01::daemon
