#include "daemon/router.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace ds01::daemon {
namespace {

http::ServerRequest Request(std::string method, std::string target) {
  http::ServerRequest request;
  request.request.method = std::move(method);
  request.request.target = std::move(target);
  return request;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add("GET", "/v1/containers", [](const auto&, const PathParams&) {
      return http::Response{200, "", {}, "list"};
    });
    router_.Add("POST", "/v1/containers/{name}/start", [](const auto&, const PathParams& p) {
      return http::Response{200, "", {}, "start " + p.at("name")};
    });
    router_.Add("GET", "/v1/containers/{name}", [](const auto&, const PathParams& p) {
      return http::Response{200, "", {}, "get " + p.at("name")};
    });
  }

  Router router_;
};

TEST_F(RouterTest, SendsEachRequestToTheRouteOfItsMethodAndPath) {
  EXPECT_EQ(router_.Dispatch(Request("GET", "/v1/containers?all=1")).body, "list");
  EXPECT_EQ(router_.Dispatch(Request("POST", "/v1/containers/train/start")).body, "start train");
  EXPECT_EQ(router_.Dispatch(Request("GET", "/v1/containers/train?owner=bob")).body, "get train");
}

TEST_F(RouterTest, PlaceholdersArePercentDecodedWholeSegments) {
  EXPECT_EQ(router_.Dispatch(Request("GET", "/v1/containers/my%2Dthesis")).body, "get my-thesis");
  EXPECT_EQ(router_.Dispatch(Request("GET", "/v1/containers/a/b/c")).status, 404);
}

TEST_F(RouterTest, AnUnknownPathIsNotFoundWithAJsonError) {
  http::Response response = router_.Dispatch(Request("GET", "/v1/nothing"));
  EXPECT_EQ(response.status, 404);
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["error"]["code"], "not_found");
  EXPECT_EQ(body["error"]["message"], "No such route: GET /v1/nothing");
}

TEST_F(RouterTest, AKnownPathWithAnotherMethodIs405AndSaysWhichMethodsFit) {
  http::Response response = router_.Dispatch(Request("DELETE", "/v1/containers/train"));
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(http::FindHeader(response.headers, "Allow"), "GET");
}

TEST(Query, ValuesAreFoundAndDecoded) {
  EXPECT_EQ(QueryValue("all=1&owner=bob", "owner"), "bob");
  EXPECT_EQ(QueryValue("owner=a%20b+c", "owner"), "a b c");
  EXPECT_EQ(QueryValue("all", "all"), "");
  EXPECT_EQ(QueryValue("all=1", "owner"), std::nullopt);
  EXPECT_EQ(QueryValue("", "owner"), std::nullopt);
  EXPECT_EQ(PercentDecode("100%", false), "100%") << "a malformed escape stays as written";
}

TEST(Query, FlagsAreTrueForOneTrueYesOrNoValue) {
  EXPECT_TRUE(QueryFlag("all=1", "all"));
  EXPECT_TRUE(QueryFlag("all=true", "all"));
  EXPECT_TRUE(QueryFlag("x=2&all", "all"));
  EXPECT_FALSE(QueryFlag("all=0", "all"));
  EXPECT_FALSE(QueryFlag("", "all"));
}

}  // namespace
}  // namespace ds01::daemon
