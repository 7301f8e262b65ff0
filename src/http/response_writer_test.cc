#include "http/response_writer.h"

#include <gtest/gtest.h>

namespace ds01::http {
namespace {

TEST(SerializeResponse, FramesTheBodyAndDefaultsTheReason) {
  Response response{200, "", {{"Content-Type", "application/json"}}, "{}"};
  EXPECT_EQ(SerializeResponse(response, /*keep_alive=*/true),
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
}

TEST(SerializeResponse, SaysCloseWhenTheConnectionEnds) {
  std::string bytes = SerializeResponse({404, "", {}, "no"}, /*keep_alive=*/false);
  EXPECT_EQ(bytes, "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno");
}

TEST(SerializeResponse, OwnsTheFramingHeaders) {
  Response response{200, "OK", {{"content-length", "999"}, {"Connection", "keep-alive"}}, "abc"};
  EXPECT_EQ(SerializeResponse(response, true), "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc");
}

TEST(SerializeResponse, SendsNoBodyFor204OrHead) {
  EXPECT_EQ(SerializeResponse({204, "", {}, "ignored"}, true), "HTTP/1.1 204 No Content\r\n\r\n");
  EXPECT_EQ(SerializeResponse({200, "", {}, "abc"}, true, /*head_request=*/true),
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n");
}

TEST(SerializeResponse, NeutralisesLineBreaksInHeaders) {
  std::string bytes = SerializeResponse({200, "", {{"X-Name", "a\r\nSet-Cookie: x"}}, ""}, true);
  EXPECT_NE(bytes.find("X-Name: a  Set-Cookie: x\r\n"), std::string::npos);
}

TEST(SerializeStreamHead, AnnouncesChunksAndTheEndOfTheConnection) {
  EXPECT_EQ(
      SerializeStreamHead(200, {{"Content-Type", "application/x-ndjson"}, {"Content-Length", "9"}}),
      "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n"
      "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
}

TEST(SerializeUpgradeHead, SwitchesToTheNamedProtocol) {
  EXPECT_EQ(SerializeUpgradeHead("tcp", {{"Upgrade", "evil"}}),
            "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
}

TEST(ChunkOf, SizesInHexAndEndsWithTheEmptyChunk) {
  EXPECT_EQ(ChunkOf(std::string(26, 'a')), "1a\r\n" + std::string(26, 'a') + "\r\n");
  EXPECT_EQ(ChunkOf(""), "0\r\n\r\n");
}

}  // namespace
}  // namespace ds01::http
