#include "api/wire_error.h"

#include "api/wire_test_support.h"

namespace ds01::api {
namespace {

using testing::Keys;
using testing::RoundTrip;
using Strings = std::vector<std::string>;

// Every field set and none to its default; naming them all in one binding makes a member
// added later a compile error here until it is filled.
ErrorBody FullError() {
  ErrorBody body;
  auto& [code, message, hint] = body;
  code = ErrorCode::kLimitExceeded;
  message = "GPU limit reached";
  hint = "stop or remove a container";
  return body;
}

TEST(WireError, EveryFieldSurvivesTheTrip) { EXPECT_EQ(RoundTrip(FullError()), FullError()); }

TEST(WireError, IsTheDocumentedBody) {
  const nlohmann::json json = FullError();
  EXPECT_EQ(Keys(json), Strings{"error"});
  EXPECT_EQ(json["error"], (nlohmann::json{{"code", "limit_exceeded"},
                                           {"message", "GPU limit reached"},
                                           {"hint", "stop or remove a container"}}));
}

TEST(WireError, EveryCodeReadsBackAndUnknownOnesAreNot) {
  for (ErrorCode code :
       {ErrorCode::kInvalidArgument, ErrorCode::kNotFound, ErrorCode::kConflict,
        ErrorCode::kLimitExceeded, ErrorCode::kPermissionDenied, ErrorCode::kUnavailable,
        ErrorCode::kTimeout, ErrorCode::kCancelled, ErrorCode::kProtocol, ErrorCode::kInternal}) {
    EXPECT_EQ(ParseErrorCode(ErrorCodeName(code)), code);
  }
  EXPECT_EQ(ParseErrorCode("teapot"), std::nullopt);
  nlohmann::json json = FullError();
  json["error"]["code"] = "teapot";
  EXPECT_FALSE(FromWire<ErrorBody>(json).ok());
}

}  // namespace
}  // namespace ds01::api
