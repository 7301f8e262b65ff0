#include "common/point_in_time.h"

#include <gtest/gtest.h>

#include "common/clock.h"

namespace ds01 {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::nanoseconds;
using std::chrono::seconds;
using TimePoint = std::chrono::system_clock::time_point;

const TimePoint kNow = FakeClock::DefaultStart();  // 2024-01-01T00:00:00Z
constexpr std::int64_t kNowSeconds = 1'704'067'200;

std::optional<TimePoint> Parse(std::string_view text) { return ParsePointInTime(text, kNow); }

TEST(ParsePointInTime, ReadsRfc3339Times) {
  EXPECT_EQ(Parse("2024-01-01T00:00:00Z"), kNow);
  EXPECT_EQ(Parse("2024-01-01T01:00:00.250+01:00"), kNow + milliseconds(250));
  EXPECT_EQ(Parse("2024-01-01T00:00:00.123456789Z"), kNow + nanoseconds(123'456'789));
}

TEST(ParsePointInTime, ReadsUnixSecondsWithOrWithoutAFraction) {
  EXPECT_EQ(Parse("1704067200"), kNow);
  EXPECT_EQ(Parse("1704067200.5"), kNow + milliseconds(500));
  EXPECT_EQ(Parse("1704067200.000000001"), kNow + nanoseconds(1));
  EXPECT_EQ(Parse("1704067200.0000000019"), kNow + nanoseconds(1)) << "beyond nanoseconds: cut";
  EXPECT_EQ(Parse("0"), TimePoint());
}

TEST(ParsePointInTime, ReadsDurationsAsThatLongBeforeNow) {
  EXPECT_EQ(Parse("90s"), kNow - seconds(90));
  EXPECT_EQ(Parse("10m"), kNow - minutes(10));
  EXPECT_EQ(Parse("1h"), kNow - hours(1));
  EXPECT_EQ(Parse("2h30m"), kNow - minutes(150));
  EXPECT_EQ(Parse("1d2h3m4s"), kNow - seconds(93'784));
  EXPECT_EQ(Parse("0s"), kNow);
}

TEST(ParsePointInTime, ATimeBefore1970IsAllThereIs) {
  EXPECT_EQ(Parse("1969-07-20T20:17:00Z"), TimePoint());
  EXPECT_EQ(Parse(std::to_string(kNowSeconds / 86'400 + 1) + "d"), TimePoint());
  EXPECT_EQ(Parse("99999999d"), TimePoint()) << "a long time ago, not a wrapped clock";
}

TEST(ParsePointInTime, RefusesAnythingElse) {
  for (const char* bad : {"",
                          "yesterday",
                          "10x",
                          "h",
                          "2h30",
                          "-5m",
                          "1.5h",
                          "2h 30m",
                          "2024-01-01",
                          "2024-01-01T00:00:00",
                          "-1704067200",
                          "1704067200.",
                          ".5",
                          "1e9",
                          "0x10",
                          " 1",
                          "1704067200,5",
                          "nan",
                          "inf",
                          "99999999999999999999999",
                          "7258118400",
                          "999999999999999999d",
                          "2200-01-01T00:00:00Z",
                          "2263-01-01T00:00:00Z",
                          "9999-12-31T23:59:59-01:00"}) {
    EXPECT_FALSE(Parse(bad).has_value()) << bad;
  }
  EXPECT_TRUE(Parse("7258118399").has_value()) << "2199-12-31T23:59:59Z is the last";
  EXPECT_TRUE(Parse("2199-12-31T23:59:59Z").has_value());
}

}  // namespace
}  // namespace ds01
