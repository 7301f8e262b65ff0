#include "cli/output/time_format.h"

#include <gtest/gtest.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

Clock::TimePoint At(std::string_view text) {
  auto point = ParseTimestamp(text);
  EXPECT_TRUE(point.has_value()) << text;
  return point.value_or(Clock::TimePoint{});
}

TEST(ParseTimestamp, ReadsUtcTimes) {
  EXPECT_EQ(At("2024-01-01T00:00:00Z"), FakeClock::DefaultStart());
  EXPECT_EQ(At("2024-01-01T02:15:30Z") - FakeClock::DefaultStart(),
            hours(2) + minutes(15) + seconds(30));
}

TEST(ParseTimestamp, ReadsFractionsAndOffsets) {
  EXPECT_EQ(At("2024-01-01T00:00:00.250Z") - FakeClock::DefaultStart(),
            std::chrono::milliseconds(250));
  EXPECT_EQ(At("2024-01-01T01:00:00+01:00"), FakeClock::DefaultStart());
  EXPECT_EQ(At("2023-12-31T19:30:00-04:30"), FakeClock::DefaultStart());
}

TEST(ParseTimestamp, RefusesWhatIsNotATimestamp) {
  for (const char* bad : {"", "yesterday", "2024-01-01", "2024-01-01T00:00:00",
                          "2024-13-01T00:00:00Z", "2024-01-01T00:00:00Zjunk", "null"}) {
    EXPECT_FALSE(ParseTimestamp(bad).has_value()) << bad;
  }
}

TEST(FormatLocalTime, ShowsTheWallClockOfTheLocalZone) {
  const auto start = FakeClock::DefaultStart();
  {
    testing::LocalTimeZone utc("UTC0");
    EXPECT_EQ(FormatLocalTime(start + seconds(5)), "2024-01-01 00:00:05");
  }
  testing::LocalTimeZone east("EET-2");
  EXPECT_EQ(FormatLocalTime(start), "2024-01-01 02:00:00");
  EXPECT_EQ(FormatLocalTime(start - hours(3)), "2023-12-31 23:00:00");
}

TEST(FormatSpan, FormatsForPeopleAndNeverGoesNegative) {
  const auto start = FakeClock::DefaultStart();
  EXPECT_EQ(FormatSpan(start, start + seconds(45)), "45s");
  EXPECT_EQ(FormatSpan(start, start + hours(2) + minutes(15)), "2h 15m");
  EXPECT_EQ(FormatSpan(start, start + hours(76)), "3d 4h");
  EXPECT_EQ(FormatSpan(start + minutes(5), start), "0s");
}

TEST(FormatTimeLeft, RoundsUpToTheMinuteSoAFreshHoldShowsItsLength) {
  const auto start = FakeClock::DefaultStart();
  EXPECT_EQ(FormatTimeLeft(start, start + minutes(2) - seconds(1)), "2m");
  EXPECT_EQ(FormatTimeLeft(start, start + minutes(1) + seconds(1)), "2m");
  EXPECT_EQ(FormatTimeLeft(start, start + seconds(45)), "45s");
  EXPECT_EQ(FormatTimeLeft(start + seconds(5), start), "0s");
}

}  // namespace
}  // namespace ds01::cli
