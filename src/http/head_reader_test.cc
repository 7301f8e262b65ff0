#include "http/head_reader.h"

#include <gtest/gtest.h>

namespace ds01::http {
namespace {

TEST(HeadReader, ReadsAHeadAndLeavesTheBody) {
  HeadReader reader;
  std::string_view input = "HTTP/1.1 200 OK\r\nA: 1\r\nB:  two words \r\n\r\nbody";
  auto done = reader.Feed(input);
  ASSERT_TRUE(done.ok());
  EXPECT_TRUE(*done);
  EXPECT_EQ(reader.start_line(), "HTTP/1.1 200 OK");
  ASSERT_EQ(reader.headers().size(), 2u);
  EXPECT_EQ(reader.headers()[1], std::make_pair(std::string("B"), std::string("two words")));
  EXPECT_EQ(input, "body");
}

TEST(HeadReader, ReadsAHeadFedOneByteAtATime) {
  HeadReader reader;
  std::string text = "HTTP/1.1 204 No Content\nServer: x\n\n";
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::string_view one = std::string_view(text).substr(i, 1);
    auto done = reader.Feed(one);
    ASSERT_TRUE(done.ok());
    EXPECT_EQ(*done, i + 1 == text.size());
  }
  EXPECT_EQ(reader.start_line(), "HTTP/1.1 204 No Content");
  EXPECT_EQ(FindHeader(reader.headers(), "server"), "x");
}

TEST(HeadReader, RefusesAHeadLargerThanTheLimit) {
  HeadReader reader(HeadLimits{.max_head_bytes = 100, .max_line_bytes = 80, .max_headers = 100});
  std::string text = "HTTP/1.1 200 OK\r\n";
  for (int i = 0; i < 10; ++i) text += "X-Filler: 0123456789\r\n";
  std::string_view input = text;
  auto done = reader.Feed(input);
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.error().code, ErrorCode::kProtocol);
  EXPECT_NE(done.error().message.find("larger than 100"), std::string::npos);
}

TEST(HeadReader, RefusesALongLineBeforeItEnds) {
  HeadReader reader(HeadLimits{.max_head_bytes = 1 << 20, .max_line_bytes = 64, .max_headers = 10});
  std::string text = "HTTP/1.1 200 OK\r\nX: " + std::string(100, 'a');  // no newline yet
  std::string_view input = text;
  auto done = reader.Feed(input);
  ASSERT_FALSE(done.ok());
  EXPECT_NE(done.error().message.find("longer than 64"), std::string::npos);
}

TEST(HeadReader, RefusesTooManyHeaders) {
  HeadReader reader(HeadLimits{.max_head_bytes = 1 << 20, .max_line_bytes = 64, .max_headers = 3});
  std::string text = "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n";
  std::string_view input = text;
  auto done = reader.Feed(input);
  ASSERT_FALSE(done.ok());
  EXPECT_NE(done.error().message.find("more than 3"), std::string::npos);
}

TEST(HeadReader, ReadsTrailersWithoutAStartLine) {
  HeadReader reader(HeadLimits{}, /*has_start_line=*/false);
  std::string_view input = "Checksum: abc\r\n\r\n";
  auto done = reader.Feed(input);
  ASSERT_TRUE(done.ok());
  EXPECT_TRUE(*done);
  EXPECT_EQ(FindHeader(reader.headers(), "checksum"), "abc");
}

TEST(ParseHeaderLine, RefusesMalformedLines) {
  for (const char* bad :
       {"NoColon", ": empty name", "Bad Name: x", " folded: x", "X: a\x01b", "X: a\rb"}) {
    auto header = ParseHeaderLine(bad);
    ASSERT_FALSE(header.ok()) << bad;
    EXPECT_EQ(header.error().code, ErrorCode::kProtocol);
  }
}

}  // namespace
}  // namespace ds01::http
