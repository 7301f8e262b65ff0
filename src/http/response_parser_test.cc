#include "http/response_parser.h"

#include <gtest/gtest.h>

#include <string>

namespace ds01::http {
namespace {

struct Parsed {
  ResponseHead head;
  std::string body;
  bool ended = false;
  std::string left_over;  // what the parser did not consume after the end
};

// Feeds `bytes` in slices of `slice` bytes, then (optionally) the close of the connection.
Result<Parsed> Parse(ResponseParser& parser, std::string_view bytes, std::size_t slice,
                     bool then_close = false) {
  Parsed parsed;
  for (std::size_t i = 0; i < bytes.size(); i += slice) {
    std::string_view input = bytes.substr(i, slice);
    while (true) {
      auto event = parser.Next(input);
      if (!event.ok()) return std::move(event).error();
      if (event->kind == ResponseParser::Kind::kHead) parsed.head = parser.head();
      if (event->kind == ResponseParser::Kind::kBody) parsed.body.append(event->data);
      if (event->kind == ResponseParser::Kind::kEnd) {
        parsed.ended = true;
        parsed.left_over = std::string(input);
        if (i + slice < bytes.size()) parsed.left_over += bytes.substr(i + slice);
        return parsed;
      }
      if (event->kind == ResponseParser::Kind::kNeedMore) break;
    }
  }
  if (then_close) {
    auto event = parser.Finish();
    if (!event.ok()) return std::move(event).error();
    parsed.ended = event->kind == ResponseParser::Kind::kEnd;
  }
  return parsed;
}

constexpr std::string_view kDockerPing =
    "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: text/plain; charset=utf-8\r\n"
    "Docker-Experimental: false\r\nOstype: linux\r\nServer: Docker/20.10.24+dfsg1 (linux)\r\n"
    "Date: Mon, 01 Jan 2024 00:00:00 GMT\r\nContent-Length: 2\r\n\r\nOK";

TEST(ResponseParser, ReadsAContentLengthResponseSplitAnywhere) {
  for (std::size_t slice : {1u, 3u, 16u, 1000u}) {
    ResponseParser parser;
    auto parsed = Parse(parser, kDockerPing, slice);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->head.status, 200);
    EXPECT_EQ(parsed->head.reason, "OK");
    EXPECT_EQ(FindHeader(parsed->head.headers, "api-version"), "1.41");
    EXPECT_EQ(parsed->body, "OK");
    EXPECT_TRUE(parsed->ended);
    EXPECT_TRUE(parser.keep_alive());
    EXPECT_EQ(parser.body_kind(), BodyKind::kContentLength);
  }
}

TEST(ResponseParser, ReadsAChunkedNdjsonBodyWithTrailers) {
  std::string bytes =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
      "14\r\n{\"stream\":\"Step 1\"}\n\r\n"
      "b\r\n{\"aux\":{}}\n\r\n"
      "0\r\nX-Trailer: yes\r\n\r\n";
  ResponseParser parser;
  auto parsed = Parse(parser, bytes, 5);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->body, "{\"stream\":\"Step 1\"}\n{\"aux\":{}}\n");
  EXPECT_EQ(FindHeader(parser.trailers(), "x-trailer"), "yes");
  EXPECT_TRUE(parser.keep_alive());
}

TEST(ResponseParser, ReadsABodyUntilTheConnectionCloses) {
  std::string bytes =
      "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n"
      "output of the exec";
  ResponseParser parser;
  auto parsed = Parse(parser, bytes, 4, /*then_close=*/true);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->body, "output of the exec");
  EXPECT_TRUE(parsed->ended);
  EXPECT_EQ(parser.body_kind(), BodyKind::kUntilClose);
  EXPECT_FALSE(parser.keep_alive());
}

TEST(ResponseParser, SkipsInterimResponses) {
  std::string bytes =
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n"
      "HTTP/1.1 201 Created\r\nContent-Length: 3\r\n\r\n{ }";
  ResponseParser parser;
  auto parsed = Parse(parser, bytes, 7);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->head.status, 201);
  EXPECT_EQ(parsed->body, "{ }");
}

TEST(ResponseParser, KnowsHead204And304HaveNoBody) {
  std::string next = "HTTP/1.1 200 OK\r\n";
  {
    ResponseParser parser(/*head_request=*/true);
    auto parsed = Parse(parser, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + next, 1000);
    ASSERT_TRUE(parsed.ok());
    EXPECT_TRUE(parsed->ended);
    EXPECT_EQ(parsed->body, "");
    EXPECT_EQ(parsed->left_over, next);
  }
  for (const char* status : {"204 No Content", "304 Not Modified"}) {
    ResponseParser parser;
    std::string bytes = std::string("HTTP/1.1 ") + status + "\r\nContent-Length: 5\r\n\r\n" + next;
    auto parsed = Parse(parser, bytes, 1000);
    ASSERT_TRUE(parsed.ok());
    EXPECT_TRUE(parsed->ended) << status;
    EXPECT_EQ(parsed->left_over, next) << status;
    EXPECT_TRUE(parser.keep_alive());
  }
}

TEST(ResponseParser, StopsAfterA101AndLeavesTheRawStream) {
  const std::string frame("\x01\0\0\0\0\0\0\x02hi", 10);
  std::string bytes =
      "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
      "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n" +
      frame;
  ResponseParser parser;
  auto parsed = Parse(parser, bytes, 1000);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parser.upgraded());
  EXPECT_EQ(parsed->head.reason, "UPGRADED");
  EXPECT_EQ(parsed->left_over, frame);
  EXPECT_FALSE(parser.keep_alive());
}

TEST(ResponseParser, HonoursConnectionCloseAndHttp10) {
  {
    ResponseParser parser;
    ASSERT_TRUE(
        Parse(parser, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 99)
            .ok());
    EXPECT_FALSE(parser.keep_alive());
  }
  {
    ResponseParser parser;
    ASSERT_TRUE(Parse(parser, "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", 99).ok());
    EXPECT_FALSE(parser.keep_alive());
  }
  {
    ResponseParser parser;
    ASSERT_TRUE(
        Parse(parser, "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", 99)
            .ok());
    EXPECT_TRUE(parser.keep_alive());
  }
}

TEST(ResponseParser, ReportsATruncatedBody) {
  ResponseParser parser;
  auto parsed = Parse(parser, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", 99, true);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kProtocol);
  EXPECT_NE(parsed.error().message.find("after 3 of 10 body bytes"), std::string::npos);

  ResponseParser chunked;
  parsed = Parse(chunked, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", 99, true);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find("last chunk"), std::string::npos);

  ResponseParser head;
  parsed = Parse(head, "HTTP/1.1 200 OK\r\nContent-", 99, true);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find("response head"), std::string::npos);
}

TEST(ResponseParser, RefusesMalformedStatusLinesAndLengths) {
  for (const char* bad :
       {"HTTP/2 200 OK\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n", "HTTP/1.1 abc OK\r\n\r\n",
        "HTTP/1.1 200OK\r\n\r\n", "ICY 200 OK\r\n\r\n", "HTTP/1.1 099 Low\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"}) {
    ResponseParser parser;
    auto parsed = Parse(parser, bad, 1000);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kProtocol) << bad;
  }
}

TEST(ResponseParser, AcceptsRepeatedIdenticalContentLengths) {
  ResponseParser parser;
  auto parsed = Parse(parser, "HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok", 1000);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->body, "ok");
}

TEST(ResponseParser, PrefersChunkedOverContentLengthAndThenCloses) {
  ResponseParser parser;
  auto parsed = Parse(parser,
                      "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "2\r\nok\r\n0\r\n\r\n",
                      1000);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->body, "ok");
  EXPECT_FALSE(parser.keep_alive());
}

TEST(ResponseParser, RefusesEndlessInterimResponses) {
  std::string bytes;
  for (int i = 0; i < 40; ++i) bytes += "HTTP/1.1 100 Continue\r\n\r\n";
  ResponseParser parser;
  auto parsed = Parse(parser, bytes, 1000);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find("interim"), std::string::npos);
}

}  // namespace
}  // namespace ds01::http
