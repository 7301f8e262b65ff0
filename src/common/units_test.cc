#include "common/units.h"

#include <gtest/gtest.h>

namespace ds01 {
namespace {

using std::chrono::seconds;

TEST(ParseDuration, AcceptsEachUnit) {
  EXPECT_EQ(*ParseDuration("90s"), seconds(90));
  EXPECT_EQ(*ParseDuration("15m"), seconds(900));
  EXPECT_EQ(*ParseDuration("24h"), seconds(86400));
  EXPECT_EQ(*ParseDuration("7d"), seconds(7 * 86400));
}

TEST(ParseDuration, ZeroMeansZeroNotForever) {
  EXPECT_EQ(*ParseDuration("0"), seconds(0));
  EXPECT_EQ(*ParseDuration("0s"), seconds(0));
}

TEST(ParseDuration, RefusesBareNumbersAndJunk) {
  for (const char* bad : {"", "15", "m", "15x", "1.5h", "-3m", "15 m", "99999999999999999999d"}) {
    auto r = ParseDuration(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().hint.find("15m"), std::string::npos);
  }
}

TEST(ParseDurationSum, AddsPartsWrittenTogether) {
  EXPECT_EQ(*ParseDurationSum("2h30m"), seconds(2 * 3600 + 30 * 60));
  EXPECT_EQ(*ParseDurationSum("1d12h"), seconds(36 * 3600));
  EXPECT_EQ(*ParseDurationSum("90s"), seconds(90));
  EXPECT_EQ(*ParseDurationSum("0"), seconds(0));
  EXPECT_EQ(*ParseDurationSum("0s"), seconds(0));
}

TEST(ParseDurationSum, RefusesWhatAPartWouldAndSumsBeyondTheBound) {
  for (const char* bad : {"", "15", "m", "2h30", "1.5h", "-3m", "2h 30m", "h2", "24H",
                          "1125899906842624s1s", "99999999999999999999d"}) {
    auto r = ParseDurationSum(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find(std::string("'") + bad + "'"), std::string::npos)
        << r.error().message;
  }
}

TEST(ParseSize, AcceptsBinaryUnits) {
  EXPECT_EQ(*ParseSize("4096"), 4096u);
  EXPECT_EQ(*ParseSize("1K"), 1024u);
  EXPECT_EQ(*ParseSize("512M"), 512ull << 20);
  EXPECT_EQ(*ParseSize("64G"), 64ull << 30);
  EXPECT_EQ(*ParseSize("64GB"), 64ull << 30);
  EXPECT_EQ(*ParseSize("64GiB"), 64ull << 30);
  EXPECT_EQ(*ParseSize("1t"), 1ull << 40);
}

TEST(ParseSize, RefusesJunkAndOverflow) {
  for (const char* bad : {"", "G", "12Q", "1.5G", "64GX", "99999999999T"}) {
    EXPECT_FALSE(ParseSize(bad).ok()) << bad;
  }
}

TEST(FormatDuration, ReadsLikeUptime) {
  EXPECT_EQ(FormatDuration(seconds(45)), "45s");
  EXPECT_EQ(FormatDuration(seconds(12 * 60)), "12m");
  EXPECT_EQ(FormatDuration(seconds(2 * 3600 + 15 * 60)), "2h 15m");
  EXPECT_EQ(FormatDuration(seconds(3 * 86400 + 4 * 3600)), "3d 4h");
}

TEST(FormatSize, UsesBinaryUnits) {
  EXPECT_EQ(FormatSize(512), "512B");
  EXPECT_EQ(FormatSize(8ull << 30), "8.0GiB");
}

}  // namespace
}  // namespace ds01
