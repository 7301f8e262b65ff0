#include "cli/output/time_format.h"

#include <gtest/gtest.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

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
