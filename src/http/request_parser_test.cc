#include "http/request_parser.h"

#include <gtest/gtest.h>

#include <string>

namespace ds01::http {
namespace {

// Feeds `bytes` in slices until the request is complete; the error status on failure.
Result<Request> ParseAll(RequestParser& parser, std::string_view bytes, std::size_t slice,
                         std::string* left_over = nullptr) {
  for (std::size_t i = 0; i < bytes.size(); i += slice) {
    std::string_view input = bytes.substr(i, slice);
    while (true) {
      auto kind = parser.Next(input);
      if (!kind.ok()) return std::move(kind).error();
      if (*kind == RequestParser::Kind::kComplete) {
        if (left_over != nullptr) {
          *left_over = std::string(input);
          if (i + slice < bytes.size()) *left_over += bytes.substr(i + slice);
        }
        return parser.request();
      }
      if (*kind == RequestParser::Kind::kNeedMore) break;
    }
  }
  return MakeError(ErrorCode::kProtocol, "incomplete");
}

TEST(RequestParser, ReadsARequestWithABodySplitAnywhere) {
  std::string bytes =
      "POST /v1/containers?x=1 HTTP/1.1\r\nHost: localhost\r\n"
      "Content-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"name\":\"a\"}\n";
  for (std::size_t slice : {1u, 5u, 1000u}) {
    RequestParser parser;
    auto request = ParseAll(parser, bytes, slice);
    ASSERT_TRUE(request.ok()) << request.error().message;
    EXPECT_EQ(request->method, "POST");
    EXPECT_EQ(request->target, "/v1/containers?x=1");
    EXPECT_EQ(FindHeader(request->headers, "content-type"), "application/json");
    EXPECT_EQ(request->body, "{\"name\":\"a\"}\n");
    EXPECT_TRUE(parser.keep_alive());
  }
}

TEST(RequestParser, ReadsAChunkedBody) {
  RequestParser parser;
  auto request = ParseAll(
      parser,
      "PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", 4);
  ASSERT_TRUE(request.ok()) << request.error().message;
  EXPECT_EQ(request->body, "abcde");
}

TEST(RequestParser, LeavesAPipelinedRequestAlone) {
  RequestParser parser;
  std::string left_over;
  auto request =
      ParseAll(parser, "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n", 1000, &left_over);
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->target, "/a");
  EXPECT_EQ(left_over, "GET /b HTTP/1.1\r\n\r\n");
  parser.Reset();
  auto next = ParseAll(parser, left_over, 1000);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->target, "/b");
}

TEST(RequestParser, ReportsHeadBeforeTheBodyForExpectContinue) {
  RequestParser parser;
  std::string_view input =
      "POST /build HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n";
  auto kind = parser.Next(input);
  ASSERT_TRUE(kind.ok());
  EXPECT_EQ(*kind, RequestParser::Kind::kHead);
  EXPECT_TRUE(parser.expects_continue());
  kind = parser.Next(input);
  ASSERT_TRUE(kind.ok());
  EXPECT_EQ(*kind, RequestParser::Kind::kNeedMore);
}

TEST(RequestParser, KnowsWhenTheClientWantsToClose) {
  RequestParser close;
  ASSERT_TRUE(ParseAll(close, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n", 99).ok());
  EXPECT_FALSE(close.keep_alive());
  RequestParser old;
  ASSERT_TRUE(ParseAll(old, "GET / HTTP/1.0\r\n\r\n", 99).ok());
  EXPECT_FALSE(old.keep_alive());
}

TEST(RequestParser, AnswersEachProblemWithTheRightStatus) {
  struct Case {
    std::string bytes;
    int status;
  };
  std::vector<Case> cases = {
      {"GARBAGE\r\n\r\n", 400},
      {"GET /\r\n\r\n", 400},
      {"GET / HTTP/2.0\r\n\r\n", 505},
      {"G@T / HTTP/1.1\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
      {"POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n", 413},
      {"GET / HTTP/1.1\r\nX: " + std::string(10000, 'x') + "\r\n\r\n", 431},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400},
  };
  for (const Case& c : cases) {
    RequestParser parser(RequestLimits{.head = {}, .max_body_bytes = 1024, .body_limit = {}});
    auto request = ParseAll(parser, c.bytes, 1000);
    ASSERT_FALSE(request.ok()) << c.bytes.substr(0, 60);
    EXPECT_EQ(parser.error_status(), c.status) << c.bytes.substr(0, 60);
  }
}

TEST(RequestParser, RefusesAChunkedBodyOverTheLimit) {
  RequestParser parser(RequestLimits{.head = {}, .max_body_bytes = 4, .body_limit = {}});
  auto request = ParseAll(
      parser,
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n",
      1000);
  ASSERT_FALSE(request.ok());
  EXPECT_EQ(parser.error_status(), 413);
}

TEST(RequestParser, EachRouteCapsItsOwnBody) {
  RequestLimits limits{.head = {}, .max_body_bytes = 1000, .body_limit = {}};
  limits.body_limit = [](std::string_view method, std::string_view target) -> std::size_t {
    return method == "POST" && target == "/big" ? 100000 : 8;
  };
  RequestParser small(limits);
  ASSERT_FALSE(
      ParseAll(small, "POST /x HTTP/1.1\r\nContent-Length: 9\r\n\r\n123456789", 1000).ok());
  EXPECT_EQ(small.error_status(), 413);
  RequestParser fits(limits);
  EXPECT_TRUE(ParseAll(fits, "POST /x HTTP/1.1\r\nContent-Length: 8\r\n\r\n12345678", 1000).ok());
  RequestParser never_past_the_server_cap(limits);
  ASSERT_FALSE(ParseAll(never_past_the_server_cap,
                        "POST /big HTTP/1.1\r\nContent-Length: 1001\r\n\r\n", 1000)
                   .ok());
  EXPECT_EQ(never_past_the_server_cap.error_status(), 413);
}

}  // namespace
}  // namespace ds01::http
