#include "daemon/api_response.h"

#include <gtest/gtest.h>

namespace ds01::daemon {
namespace {

TEST(ApiResponse, EachErrorCodeAnswersWithTheStatusTheApiDocumentsPromise) {
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kConflict), 409);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kLimitExceeded), 409);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kTimeout), 504);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kCancelled), 500);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kProtocol), 500);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInternal), 500);
}

TEST(ApiResponse, AnErrorBodyCarriesCodeMessageAndHint) {
  http::Response response = ErrorResponse(
      MakeError(ErrorCode::kLimitExceeded, "GPU limit reached", "stop or remove a container"));
  EXPECT_EQ(response.status, 409);
  EXPECT_EQ(http::FindHeader(response.headers, "Content-Type"), "application/json");
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["error"]["code"], "limit_exceeded");
  EXPECT_EQ(body["error"]["message"], "GPU limit reached");
  EXPECT_EQ(body["error"]["hint"], "stop or remove a container");
}

TEST(ApiResponse, AnEngineFailureSaysWhatDs01dWasDoingAndKeepsTheEnginesHint) {
  const Error failed =
      EngineFailure("list the images", MakeError(ErrorCode::kUnavailable, "connection refused"));
  EXPECT_EQ(failed.code, ErrorCode::kUnavailable);
  EXPECT_EQ(failed.message, "The engine could not list the images: connection refused");
  EXPECT_EQ(failed.hint,
            "try again; if it keeps failing, ask an admin to check the engine (ds01d --check)");
  EXPECT_EQ(EngineFailure("remove the image",
                          MakeError(ErrorCode::kConflict, "in use", "remove the container"))
                .hint,
            "remove the container");
}

}  // namespace
}  // namespace ds01::daemon
