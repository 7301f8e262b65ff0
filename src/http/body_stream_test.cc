#include "http/body_stream.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "http/client.h"
#include "http/test_server.h"

namespace ds01::http {
namespace {

using std::chrono::milliseconds;
using testing::AnswerPings;
using testing::Chunk;
using testing::Get;
using testing::MuxFrame;
using testing::PeerSocket;
using testing::ScriptedServer;
using Clock = std::chrono::steady_clock;

TEST(BodyStream, ReadsNdjsonLinesSplitAcrossChunks) {
  ScriptedServer server({[](PeerSocket& peer) {
    peer.ReadRequest();
    peer.Write(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n");
    peer.Write(Chunk("{\"status\":\"start\"}\n{\"status\""));
    std::this_thread::sleep_for(milliseconds(20));
    peer.Write(Chunk(":\"die\"}\n") + Chunk("{\"status\":\"destroy\"}"));
    peer.Write("0\r\n\r\n");
    AnswerPings(peer);
  }});
  Client client(server.endpoint());
  {
    auto stream = client.Stream(Get("/events"));
    ASSERT_TRUE(stream.ok()) << stream.error().message;
    EXPECT_EQ((*stream)->head().status, 200);
    std::vector<std::string> lines;
    while (true) {
      auto line = (*stream)->ReadLine();
      ASSERT_TRUE(line.ok()) << line.error().message;
      if (!line->has_value()) break;
      lines.push_back(**line);
    }
    EXPECT_EQ(lines, (std::vector<std::string>{"{\"status\":\"start\"}", "{\"status\":\"die\"}",
                                               "{\"status\":\"destroy\"}"}));
  }
  ASSERT_TRUE(client.Do(Get("/_ping")).ok());
  EXPECT_EQ(server.accepted(), 1);  // the fully read stream gave its connection back
}

TEST(BodyStream, DeliversMultiplexedFramesThatChunksSplit) {
  std::string frames =
      MuxFrame(1, "stdout line\n") + MuxFrame(2, "stderr line\n") + MuxFrame(1, "end\n");
  ScriptedServer server({[&](PeerSocket& peer) {
    peer.ReadRequest();
    peer.Write(
        "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n"
        "Transfer-Encoding: chunked\r\n\r\n");
    // Chunk boundaries inside a header and inside a payload.
    peer.Write(Chunk(frames.substr(0, 3)));
    peer.Write(Chunk(frames.substr(3, 14)));
    peer.Write(Chunk(frames.substr(17)) + "0\r\n\r\n");
  }});
  Client client(server.endpoint());
  auto stream = client.Stream(Get("/containers/x/logs?stdout=1&stderr=1"));
  ASSERT_TRUE(stream.ok());
  std::string got;
  char buf[5];
  while (true) {
    auto n = (*stream)->Read(buf, sizeof(buf));
    ASSERT_TRUE(n.ok()) << n.error().message;
    if (*n == 0) break;
    got.append(buf, *n);
  }
  EXPECT_EQ(got, frames);
}

TEST(BodyStream, CancelFromAnotherThreadUnblocksReadWithoutLeaking) {
  const int fds_before = testing::OpenFdCount();
  {
    ScriptedServer server({[](PeerSocket& peer) {
      peer.ReadRequest();
      peer.Write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Chunk("{\"a\":1}\n"));
      peer.ReadToEnd();
    }});
    Client client(server.endpoint());
    auto stream = client.Stream(Get("/events"));
    ASSERT_TRUE(stream.ok());
    auto first = (*stream)->ReadLine();
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(**first, "{\"a\":1}");

    std::thread cancelling([&] {
      std::this_thread::sleep_for(milliseconds(50));
      (*stream)->Cancel();
    });
    auto start = Clock::now();
    auto second = (*stream)->ReadLine();
    cancelling.join();
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, ErrorCode::kCancelled);
    EXPECT_LT(Clock::now() - start, milliseconds(2000));
    char byte;
    auto again = (*stream)->Read(&byte, 1);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kCancelled);
  }
  EXPECT_EQ(testing::OpenFdCount(), fds_before);
}

TEST(BodyStream, TimesOutWhenNoDataArrivesWithinTheReadTimeout) {
  ScriptedServer server({[](PeerSocket& peer) {
    peer.ReadRequest();
    peer.Write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    peer.ReadToEnd();
  }});
  Client client(server.endpoint());
  auto stream = client.Stream(Get("/containers/x/wait"), milliseconds(100));
  ASSERT_TRUE(stream.ok());
  auto line = (*stream)->ReadLine();
  ASSERT_FALSE(line.ok());
  EXPECT_EQ(line.error().code, ErrorCode::kTimeout);
}

TEST(BodyStream, RefusesALineLongerThanTheLimit) {
  ScriptedServer server({[](PeerSocket& peer) {
    peer.ReadRequest();
    peer.Write("HTTP/1.1 200 OK\r\nContent-Length: 200\r\n\r\n" + std::string(200, 'l'));
  }});
  Client client(server.endpoint(), Timeouts{}, ClientLimits{.max_line_bytes = 64});
  auto stream = client.Stream(Get("/build"));
  ASSERT_TRUE(stream.ok());
  auto line = (*stream)->ReadLine();
  ASSERT_FALSE(line.ok());
  EXPECT_EQ(line.error().code, ErrorCode::kProtocol);
  EXPECT_NE(line.error().message.find("longer than 64"), std::string::npos);
}

TEST(BodyStream, ReadAllReturnsTheRestAfterLines) {
  ScriptedServer server({[](PeerSocket& peer) {
    peer.ReadRequest();
    peer.Write("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\nfirst\nrest\n!");
  }});
  Client client(server.endpoint());
  auto stream = client.Stream(Get("/x"));
  ASSERT_TRUE(stream.ok());
  auto line = (*stream)->ReadLine();
  ASSERT_TRUE(line.ok());
  EXPECT_EQ(**line, "first");
  auto rest = (*stream)->ReadAll();
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(*rest, "rest\n!");
}

// What a logs hand-over relies on: the socket and the raw body bytes that came with the head,
// and nothing of the connection left for the pool.
TEST(BodyStream, DetachHandsOverTheSocketWithTheBodyBytesThatCameWithTheHead) {
  ScriptedServer server({[](PeerSocket& peer) {
    peer.ReadRequest();
    peer.Write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Chunk("early"));
    std::this_thread::sleep_for(milliseconds(50));
    peer.Write(Chunk("later") + "0\r\n\r\n");
  }});
  Client client(server.endpoint());
  auto stream = client.Stream(Get("/containers/x/logs"));
  ASSERT_TRUE(stream.ok());
  auto [socket, early] = (*stream)->Detach();
  EXPECT_EQ(early, Chunk("early"));
  std::string rest;
  char buf[64];
  while (true) {
    auto n = socket.Read(buf, sizeof buf, milliseconds(5000));
    ASSERT_TRUE(n.ok()) << n.error().message;
    if (*n == 0) break;
    rest.append(buf, *n);
    if (rest.ends_with("0\r\n\r\n")) break;
  }
  EXPECT_EQ(rest, Chunk("later") + "0\r\n\r\n");
  auto after = (*stream)->Read(buf, sizeof buf);
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code, ErrorCode::kCancelled);
  stream->reset();
  socket.Close();
  ASSERT_FALSE(client.Do(Get("/_ping")).ok()) << "the server took one connection only";
  EXPECT_EQ(server.accepted(), 2);
}

}  // namespace
}  // namespace ds01::http
