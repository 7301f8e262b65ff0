#include "http/chunked_decoder.h"

#include <gtest/gtest.h>

#include <string>

namespace ds01::http {
namespace {

// Feeds `bytes` in slices of `slice` bytes; the decoded payload, or the first error.
Result<std::string> Decode(ChunkedDecoder& decoder, std::string_view bytes, std::size_t slice) {
  std::string payload;
  for (std::size_t i = 0; i < bytes.size() && !decoder.done(); i += slice) {
    std::string_view input = bytes.substr(i, slice);
    while (true) {
      auto piece = decoder.Next(input);
      if (!piece.ok()) return std::move(piece).error();
      if (piece->kind != ChunkedDecoder::Kind::kData) break;
      payload.append(piece->data);
    }
  }
  return payload;
}

TEST(ChunkedDecoder, DecodesChunksExtensionsAndTrailers) {
  std::string body = "5\r\nhello\r\n7;name=value\r\n, world\r\n0\r\nX-Sum: 12\r\n\r\n";
  ChunkedDecoder decoder;
  auto payload = Decode(decoder, body, body.size());
  ASSERT_TRUE(payload.ok()) << payload.error().message;
  EXPECT_EQ(*payload, "hello, world");
  EXPECT_TRUE(decoder.done());
  EXPECT_EQ(FindHeader(decoder.trailers(), "x-sum"), "12");
}

TEST(ChunkedDecoder, DecodesTheSameWhateverTheSlices) {
  std::string body = "1a\r\nabcdefghijklmnopqrstuvwxyz\r\nA\r\n0123456789\r\n0\r\n\r\n";
  for (std::size_t slice : {1u, 2u, 3u, 5u, 17u, 100u}) {
    ChunkedDecoder decoder;
    auto payload = Decode(decoder, body, slice);
    ASSERT_TRUE(payload.ok()) << slice;
    EXPECT_EQ(*payload, "abcdefghijklmnopqrstuvwxyz0123456789") << slice;
    EXPECT_TRUE(decoder.done()) << slice;
  }
}

TEST(ChunkedDecoder, ConsumesNothingAfterTheLastChunk) {
  ChunkedDecoder decoder;
  std::string_view input = "0\r\n\r\nHTTP/1.1 200 OK\r\n";
  auto piece = decoder.Next(input);
  ASSERT_TRUE(piece.ok());
  EXPECT_EQ(piece->kind, ChunkedDecoder::Kind::kEnd);
  EXPECT_EQ(input, "HTTP/1.1 200 OK\r\n");
}

TEST(ChunkedDecoder, AcceptsBareLineFeeds) {
  ChunkedDecoder decoder;
  auto payload = Decode(decoder, "3\nabc\n0\n\n", 100);
  ASSERT_TRUE(payload.ok());
  EXPECT_EQ(*payload, "abc");
  EXPECT_TRUE(decoder.done());
}

TEST(ChunkedDecoder, RefusesBadChunkSizes) {
  for (const char* bad :
       {"xyz\r\n", "\r\n", "-1\r\n", "5 5\r\nhello\r\n", "+5\r\n", "1000000000000000\r\n"}) {
    ChunkedDecoder decoder;
    auto payload = Decode(decoder, bad, 100);
    ASSERT_FALSE(payload.ok()) << bad;
    EXPECT_EQ(payload.error().code, ErrorCode::kProtocol) << bad;
  }
}

TEST(ChunkedDecoder, RefusesAnEndlessChunkSizeLine) {
  ChunkedDecoder decoder(
      HeadLimits{.max_head_bytes = 1024, .max_line_bytes = 32, .max_headers = 4});
  std::string body = "5;" + std::string(1000, 'e');
  auto payload = Decode(decoder, body, 7);
  ASSERT_FALSE(payload.ok());
  EXPECT_NE(payload.error().message.find("longer than 32"), std::string::npos);
}

TEST(ChunkedDecoder, RefusesDataNotFollowedByCrlf) {
  ChunkedDecoder decoder;
  auto payload = Decode(decoder, "3\r\nabcX\r\n0\r\n\r\n", 100);
  ASSERT_FALSE(payload.ok());
  EXPECT_NE(payload.error().message.find("CRLF"), std::string::npos);
}

TEST(ChunkedDecoder, HandsOutAHugeChunkAsItArrives) {
  ChunkedDecoder decoder;
  std::string_view input = "FFFFFFFF\r\nabc";
  auto piece = decoder.Next(input);
  ASSERT_TRUE(piece.ok());
  EXPECT_EQ(piece->kind, ChunkedDecoder::Kind::kData);
  EXPECT_EQ(piece->data, "abc");
  EXPECT_FALSE(decoder.done());
}

}  // namespace
}  // namespace ds01::http
