#include "http/raw_stream.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "http/client.h"
#include "http/test_server.h"

namespace ds01::http {
namespace {

using std::chrono::milliseconds;
using testing::MuxFrame;
using testing::PeerSocket;
using testing::ScriptedServer;

constexpr std::string_view kUpgraded =
    "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
    "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n";

TEST(RawStream, HandsOverEarlyBytesAndHalfCloses) {
  ScriptedServer server({[](PeerSocket& peer) {
    std::string request = peer.ReadRequest();
    EXPECT_NE(request.find("Connection: Upgrade\r\n"), std::string::npos);
    EXPECT_NE(request.find("Upgrade: tcp\r\n"), std::string::npos);
    peer.Write(std::string(kUpgraded) + MuxFrame(1, "ready\n"));  // one write: head and data
    std::string stdin_data = peer.ReadToEnd();                    // until the client half-closes
    peer.Write(MuxFrame(1, stdin_data));
  }});
  Client client(server.endpoint());
  auto raw = client.Upgrade({"POST", "/containers/x/attach?stream=1&stdin=1&stdout=1", {}, ""});
  ASSERT_TRUE(raw.ok()) << raw.error().message;
  std::string got;
  char buf[64];
  while (got.size() < MuxFrame(1, "ready\n").size()) {
    auto n = (*raw)->Read(buf, sizeof(buf));
    ASSERT_TRUE(n.ok());
    ASSERT_GT(*n, 0u);
    got.append(buf, *n);
  }
  EXPECT_EQ(got, MuxFrame(1, "ready\n"));
  ASSERT_TRUE((*raw)->Write("echo hi\n").ok());
  ASSERT_TRUE((*raw)->CloseWrite().ok());
  got.clear();
  while (true) {
    auto n = (*raw)->Read(buf, sizeof(buf));
    ASSERT_TRUE(n.ok()) << n.error().message;
    if (*n == 0) break;
    got.append(buf, *n);
  }
  EXPECT_EQ(got, MuxFrame(1, "echo hi\n"));
}

TEST(RawStream, CancelUnblocksRead) {
  ScriptedServer server({[](PeerSocket& peer) {
    peer.ReadRequest();
    peer.Write(kUpgraded);
    peer.ReadToEnd();
  }});
  Client client(server.endpoint());
  auto raw = client.Upgrade({"POST", "/exec/e/start", {}, "{\"Tty\":true}"});
  ASSERT_TRUE(raw.ok()) << raw.error().message;
  std::thread cancelling([&] {
    std::this_thread::sleep_for(milliseconds(50));
    (*raw)->Cancel();
  });
  char buf[8];
  auto n = (*raw)->Read(buf, sizeof(buf));
  cancelling.join();
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, ErrorCode::kCancelled);
}

}  // namespace
}  // namespace ds01::http
