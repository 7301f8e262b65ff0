#include "http/message.h"

#include <gtest/gtest.h>

namespace ds01::http {
namespace {

TEST(FindHeader, MatchesNamesWhateverTheirCase) {
  Headers headers = {{"Content-Type", "application/json"}, {"api-version", "1.41"}};
  EXPECT_EQ(FindHeader(headers, "content-type"), "application/json");
  EXPECT_EQ(FindHeader(headers, "API-Version"), "1.41");
  EXPECT_FALSE(FindHeader(headers, "Content-Length").has_value());
}

TEST(FindHeader, ReturnsTheFirstOfRepeatedHeaders) {
  Headers headers = {{"X", "1"}, {"x", "2"}};
  EXPECT_EQ(FindHeader(headers, "X"), "1");
}

TEST(HasHeaderToken, FindsATokenInACommaSeparatedList) {
  Headers headers = {{"Connection", "keep-alive, Upgrade"}};
  EXPECT_TRUE(HasHeaderToken(headers, "connection", "upgrade"));
  EXPECT_TRUE(HasHeaderToken(headers, "Connection", "Keep-Alive"));
  EXPECT_FALSE(HasHeaderToken(headers, "Connection", "close"));
  EXPECT_FALSE(HasHeaderToken(headers, "Connection", "keep"));
}

TEST(ErrorCodeForStatus, MapsCommonStatuses) {
  EXPECT_EQ(ErrorCodeForStatus(400), ErrorCode::kInvalidArgument);
  EXPECT_EQ(ErrorCodeForStatus(403), ErrorCode::kPermissionDenied);
  EXPECT_EQ(ErrorCodeForStatus(404), ErrorCode::kNotFound);
  EXPECT_EQ(ErrorCodeForStatus(409), ErrorCode::kConflict);
  EXPECT_EQ(ErrorCodeForStatus(503), ErrorCode::kUnavailable);
  EXPECT_EQ(ErrorCodeForStatus(500), ErrorCode::kInternal);
}

TEST(IsIdempotentMethod, KnowsWhichMethodsMayBeRepeated) {
  EXPECT_TRUE(IsIdempotentMethod("GET"));
  EXPECT_TRUE(IsIdempotentMethod("DELETE"));
  EXPECT_FALSE(IsIdempotentMethod("POST"));
  EXPECT_FALSE(IsIdempotentMethod("PATCH"));
}

}  // namespace
}  // namespace ds01::http
