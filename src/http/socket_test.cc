#include "http/socket.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace ds01::http {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// A connected pair: `ours` is a Socket under test, `theirs` a plain blocking fd.
struct Pair {
  Socket ours;
  int theirs = -1;

  Pair() {
    int fds[2];
    EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds), 0);
    ours = Socket(fds[0], "unix:///test.sock");
    theirs = fds[1];
    fcntl(theirs, F_SETFL, 0);
  }
  ~Pair() {
    if (theirs >= 0) close(theirs);
  }
  void CloseTheirs() {
    close(theirs);
    theirs = -1;
  }
};

TEST(Socket, ReadsWhatThePeerWrote) {
  Pair pair;
  ASSERT_EQ(write(pair.theirs, "hello", 5), 5);
  char buf[16];
  auto n = pair.ours.Read(buf, sizeof(buf), milliseconds(1000));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(std::string(buf, *n), "hello");
}

TEST(Socket, ReadReturnsZeroWhenThePeerCloses) {
  Pair pair;
  pair.CloseTheirs();
  char buf[16];
  auto n = pair.ours.Read(buf, sizeof(buf), milliseconds(1000));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0u);
}

TEST(Socket, ReadTimesOutWhenNothingArrives) {
  Pair pair;
  char buf[16];
  auto start = Clock::now();
  auto n = pair.ours.Read(buf, sizeof(buf), milliseconds(50));
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, ErrorCode::kTimeout);
  EXPECT_EQ(n.error().message, "read from unix:///test.sock: no data within 50ms");
  EXPECT_GE(Clock::now() - start, milliseconds(50));
  EXPECT_LT(Clock::now() - start, milliseconds(2000));
}

TEST(Socket, CancelFromAnotherThreadWakesABlockedRead) {
  Pair pair;
  auto canceller = Canceller::Create();
  ASSERT_TRUE(canceller.ok());
  std::thread cancelling([&] {
    std::this_thread::sleep_for(milliseconds(50));
    canceller->Cancel();
  });
  char buf[16];
  auto start = Clock::now();
  auto n = pair.ours.Read(buf, sizeof(buf), milliseconds(0), &*canceller);
  cancelling.join();
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, ErrorCode::kCancelled);
  EXPECT_LT(Clock::now() - start, milliseconds(2000));
}

TEST(Socket, ACancelledReadFailsEvenWhenDataIsWaiting) {
  Pair pair;
  ASSERT_EQ(write(pair.theirs, "x", 1), 1);
  auto canceller = Canceller::Create();
  ASSERT_TRUE(canceller.ok());
  canceller->Cancel();
  char buf[4];
  auto n = pair.ours.Read(buf, sizeof(buf), milliseconds(1000), &*canceller);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, ErrorCode::kCancelled);
}

TEST(Socket, WriteToAClosedPeerIsUnavailableNotSigpipe) {
  Pair pair;
  pair.CloseTheirs();
  Status status = pair.ours.WriteAll("request", milliseconds(1000));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(status.error().message.find("write to unix:///test.sock"), std::string::npos);
}

TEST(Socket, WriteTimesOutWhenThePeerDoesNotRead) {
  Pair pair;
  std::string big(8 << 20, 'x');
  Status status = pair.ours.WriteAll(big, milliseconds(100));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kTimeout);
}

TEST(Socket, ShutdownWriteSendsEndOfStreamButKeepsReading) {
  Pair pair;
  ASSERT_TRUE(pair.ours.ShutdownWrite().ok());
  char c;
  EXPECT_EQ(read(pair.theirs, &c, 1), 0);
  ASSERT_EQ(write(pair.theirs, "y", 1), 1);
  auto n = pair.ours.Read(&c, 1, milliseconds(1000));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1u);
}

TEST(Socket, IdleAndOpenSeesAClosedOrChattyPeer) {
  Pair idle;
  EXPECT_TRUE(idle.ours.IdleAndOpen());
  Pair chatty;
  ASSERT_EQ(write(chatty.theirs, "x", 1), 1);
  EXPECT_FALSE(chatty.ours.IdleAndOpen());
  Pair closed;
  closed.CloseTheirs();
  EXPECT_FALSE(closed.ours.IdleAndOpen());
}

TEST(Socket, ConnectToAMissingSocketNamesTheOsReason) {
  Endpoint endpoint{Endpoint::Kind::kUnix, "/nonexistent-ds01/x.sock", "", 0};
  auto socket = Socket::Connect(endpoint, milliseconds(500));
  ASSERT_FALSE(socket.ok());
  EXPECT_EQ(socket.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(socket.error().message,
            "connect unix:///nonexistent-ds01/x.sock: No such file or directory");
  EXPECT_FALSE(socket.error().hint.empty());
}

TEST(Socket, ConnectsOverTcp) {
  int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(listen(listener, 1), 0);
  socklen_t len = sizeof(addr);
  getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  Endpoint endpoint{Endpoint::Kind::kTcp, "", "127.0.0.1", ntohs(addr.sin_port)};

  auto socket = Socket::Connect(endpoint, milliseconds(1000));
  ASSERT_TRUE(socket.ok()) << socket.error().message;
  int accepted = accept(listener, nullptr, nullptr);
  ASSERT_GE(accepted, 0);
  ASSERT_TRUE(socket->WriteAll("ping", milliseconds(1000)).ok());
  char buf[4];
  EXPECT_EQ(read(accepted, buf, 4), 4);
  close(accepted);
  close(listener);

  auto refused = Socket::Connect(endpoint, milliseconds(1000));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(refused.error().message.find("Connection refused"), std::string::npos);
}

}  // namespace
}  // namespace ds01::http
