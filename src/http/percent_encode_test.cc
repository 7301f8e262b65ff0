#include "http/percent_encode.h"

#include <gtest/gtest.h>

namespace ds01::http {
namespace {

TEST(PercentEncode, LeavesUnreservedAndEncodesTheRest) {
  EXPECT_EQ(PercentEncode("abc-XYZ_0.9~"), "abc-XYZ_0.9~");
  EXPECT_EQ(PercentEncode("a b/c?d=e&f"), "a%20b%2Fc%3Fd%3De%26f");
  EXPECT_EQ(PercentEncode("\xff"), "%FF");
}

}  // namespace
}  // namespace ds01::http
