#include "common/rfc3339.h"

#include <gtest/gtest.h>

#include "common/clock.h"

namespace ds01 {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

std::chrono::system_clock::time_point At(std::string_view text) {
  auto point = ParseRfc3339(text);
  EXPECT_TRUE(point.has_value()) << text;
  return point.value_or(std::chrono::system_clock::time_point{});
}

TEST(ParseRfc3339, ReadsUtcTimes) {
  EXPECT_EQ(At("2024-01-01T00:00:00Z"), FakeClock::DefaultStart());
  EXPECT_EQ(At("2024-01-01T02:15:30Z") - FakeClock::DefaultStart(),
            hours(2) + minutes(15) + seconds(30));
}

TEST(ParseRfc3339, ReadsFractionsAndOffsets) {
  EXPECT_EQ(At("2024-01-01T00:00:00.250Z") - FakeClock::DefaultStart(),
            std::chrono::milliseconds(250));
  EXPECT_EQ(At("2024-01-01T01:00:00+01:00"), FakeClock::DefaultStart());
  EXPECT_EQ(At("2023-12-31T19:30:00-04:30"), FakeClock::DefaultStart());
}

TEST(ParseRfc3339, RefusesWhatIsNotATimestamp) {
  for (const char* bad : {"", "yesterday", "2024-01-01", "2024-01-01T00:00:00",
                          "2024-13-01T00:00:00Z", "2024-01-01T00:00:00Zjunk", "null"}) {
    EXPECT_FALSE(ParseRfc3339(bad).has_value()) << bad;
  }
}

TEST(FormatRfc3339, WritesUtcWithMillisecondsAndReadsBack) {
  const auto start = FakeClock::DefaultStart();
  EXPECT_EQ(FormatRfc3339(start + std::chrono::milliseconds(1250)), "2024-01-01T00:00:01.250Z");
  EXPECT_EQ(ParseRfc3339(FormatRfc3339(start + hours(5))), start + hours(5));
}

}  // namespace
}  // namespace ds01
