#include "http/connection.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "http/test_server.h"

namespace ds01::http {
namespace {

using std::chrono::milliseconds;
using testing::PeerSocket;
using testing::ScriptedServer;

TEST(Connection, BuffersWhatNoParserConsumedYet) {
  ScriptedServer server({[](PeerSocket& peer) {
    peer.Write("abcdef");
    peer.ReadToEnd();
  }});
  ConnectionPool pool(server.endpoint(), milliseconds(1000), 4);
  auto connection = pool.Connect();
  ASSERT_TRUE(connection.ok());
  std::size_t total = 0;
  while (total < 6) {
    auto n = (*connection)->Fill(milliseconds(2000));
    ASSERT_TRUE(n.ok());
    total += *n;
  }
  EXPECT_EQ((*connection)->buffered(), "abcdef");
  (*connection)->Consume(4);
  EXPECT_EQ((*connection)->buffered(), "ef");
}

TEST(ConnectionPool, HandsBackAReleasedConnection) {
  ScriptedServer server({[](PeerSocket& peer) { peer.ReadToEnd(); }});
  ConnectionPool pool(server.endpoint(), milliseconds(1000), 4);
  auto first = pool.Acquire();
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE((*first)->reused());
  int fd = (*first)->socket().fd();
  pool.Release(std::move(first).value());
  EXPECT_EQ(pool.idle_count(), 1u);

  auto second = pool.Acquire();
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE((*second)->reused());
  EXPECT_EQ((*second)->socket().fd(), fd);
}

TEST(ConnectionPool, DropsAConnectionTheServerClosedWhileIdle) {
  std::atomic<bool> closed{false};
  ScriptedServer server({[&](PeerSocket&) { closed = true; },  // closes on return
                         [](PeerSocket& peer) { peer.ReadToEnd(); }});
  ConnectionPool pool(server.endpoint(), milliseconds(1000), 4);
  auto first = pool.Acquire();
  ASSERT_TRUE(first.ok());
  pool.Release(std::move(first).value());
  while (!closed) std::this_thread::sleep_for(milliseconds(1));
  std::this_thread::sleep_for(milliseconds(20));

  auto second = pool.Acquire();
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE((*second)->reused());
  EXPECT_EQ(pool.idle_count(), 0u);
}

TEST(ConnectionPool, KeepsAtMostMaxIdleConnections) {
  auto wait = [](PeerSocket& peer) { peer.ReadToEnd(); };
  ScriptedServer server({wait, wait, wait});
  ConnectionPool pool(server.endpoint(), milliseconds(1000), 2);
  std::vector<std::unique_ptr<Connection>> held;
  for (int i = 0; i < 3; ++i) held.push_back(std::move(pool.Acquire()).value());
  for (auto& connection : held) pool.Release(std::move(connection));
  EXPECT_EQ(pool.idle_count(), 2u);
}

TEST(ConnectionPool, RefusesAConnectionWithUnreadBytes) {
  ScriptedServer server({[](PeerSocket& peer) {
    peer.Write("extra");
    peer.ReadToEnd();
  }});
  ConnectionPool pool(server.endpoint(), milliseconds(1000), 2);
  auto connection = pool.Acquire();
  ASSERT_TRUE(connection.ok());
  ASSERT_TRUE((*connection)->Fill(milliseconds(2000)).ok());
  pool.Release(std::move(connection).value());
  EXPECT_EQ(pool.idle_count(), 0u);
}

}  // namespace
}  // namespace ds01::http
