#include "common/error.h"

#include <gtest/gtest.h>

namespace ds01 {
namespace {

TEST(Error, ToStringAppendsTheFix) {
  Error e = MakeError(ErrorCode::kUnavailable, "Docker engine not reachable at unix:///x: refused",
                      "start dockerd or set DOCKER_HOST");
  EXPECT_EQ(e.ToString(),
            "Docker engine not reachable at unix:///x: refused. Fix: start dockerd or set "
            "DOCKER_HOST");
}

TEST(Error, ToStringWithoutHintIsTheMessage) {
  EXPECT_EQ(MakeError(ErrorCode::kNotFound, "no such container").ToString(), "no such container");
}

TEST(Error, CodeNamesAreStable) {
  EXPECT_EQ(ErrorCodeName(ErrorCode::kLimitExceeded), "limit_exceeded");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kNotFound), "not_found");
}

Result<int> Half(int n) {
  if (n % 2 != 0) return MakeError(ErrorCode::kInvalidArgument, "odd");
  return n / 2;
}

Status HalfTwice(int n, int* out) {
  auto first = Half(n);
  if (!first) return first.error();
  auto second = Half(*first);
  DS01_RETURN_IF_ERROR(second);
  *out = *second;
  return Ok();
}

TEST(Result, CarriesValueOrError) {
  int out = 0;
  EXPECT_TRUE(HalfTwice(8, &out).ok());
  EXPECT_EQ(out, 2);
  Status failed = HalfTwice(6, &out);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::kInvalidArgument);
}

Result<int> Quarter(int n) {
  DS01_ASSIGN_OR_RETURN(const int half, Half(n));
  int quarter = 0;
  DS01_ASSIGN_OR_RETURN(quarter, Half(half));  // assigns an existing variable too
  return quarter;
}

TEST(AssignOrReturn, TakesTheValueOrReturnsTheErrorUnchanged) {
  EXPECT_EQ(*Quarter(12), 3);
  auto odd = Quarter(6);
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.error().message, "odd");
  EXPECT_EQ(odd.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace ds01
