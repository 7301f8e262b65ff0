#include "http/request_writer.h"

#include <gtest/gtest.h>

namespace ds01::http {
namespace {

TEST(SerializeRequest, AddsHostLocalhostToAGet) {
  auto bytes = SerializeRequest({"GET", "/v1.41/containers/json?all=1", {}, ""});
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, "GET /v1.41/containers/json?all=1 HTTP/1.1\r\nHost: localhost\r\n\r\n");
}

TEST(SerializeRequest, AddsContentLengthForABody) {
  auto bytes = SerializeRequest(
      {"POST", "/containers/create", {{"Content-Type", "application/json"}}, "{\"a\":1}"});
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes,
            "POST /containers/create HTTP/1.1\r\nHost: localhost\r\n"
            "Content-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}");
}

TEST(SerializeRequest, SendsContentLengthZeroForAnEmptyPost) {
  auto bytes = SerializeRequest({"POST", "/containers/x/start", {}, ""});
  ASSERT_TRUE(bytes.ok());
  EXPECT_NE(bytes->find("Content-Length: 0\r\n"), std::string::npos);
}

TEST(SerializeRequest, KeepsTheCallersHost) {
  auto bytes = SerializeRequest({"GET", "/_ping", {{"host", "docker"}}, ""});
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(bytes->find("localhost"), std::string::npos);
  EXPECT_NE(bytes->find("host: docker\r\n"), std::string::npos);
}

TEST(SerializeRequest, RefusesHeaderInjection) {
  auto bytes = SerializeRequest({"GET", "/", {{"X-Name", "a\r\nEvil: 1"}}, ""});
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().code, ErrorCode::kInvalidArgument);
}

TEST(SerializeRequest, RefusesATargetWithSpacesAndABadMethod) {
  EXPECT_FALSE(SerializeRequest({"GET", "/a b", {}, ""}).ok());
  EXPECT_FALSE(SerializeRequest({"GET", "", {}, ""}).ok());
  EXPECT_FALSE(SerializeRequest({"G T", "/", {}, ""}).ok());
  EXPECT_FALSE(SerializeRequest({"GET", "/", {{"Bad Name", "x"}}, ""}).ok());
}

TEST(SerializeRequest, RefusesAContentLengthThatDoesNotMatchTheBody) {
  auto bytes = SerializeRequest({"POST", "/", {{"Content-Length", "3"}}, "abcd"});
  ASSERT_FALSE(bytes.ok());
  EXPECT_NE(bytes.error().message.find("does not match"), std::string::npos);
}

}  // namespace
}  // namespace ds01::http
