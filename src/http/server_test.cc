#include "http/server.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "http/client.h"
#include "http/test_server.h"

namespace ds01::http {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/ds01-server-test-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    ASSERT_EQ(chmod(dir, 0755), 0);  // other uids connect in some tests
    dir_ = dir;
    options_.socket_path = dir_ + "/ds01.sock";
    options_.socket_mode = 0666;
  }
  void TearDown() override {
    server_.reset();
    unlink(options_.socket_path.c_str());
    rmdir(dir_.c_str());
  }

  void StartServer(std::function<Response(const ServerRequest&)> respond) {
    StartExchangeServer(Answering(std::move(respond)));
  }
  void StartExchangeServer(Handler handler) {
    auto server = Server::Listen(options_, std::move(handler));
    ASSERT_TRUE(server.ok()) << server.error().message;
    server_ = std::move(server).value();
    ASSERT_TRUE(server_->Start().ok());
  }

  Endpoint endpoint() const { return Endpoint{Endpoint::Kind::kUnix, options_.socket_path, "", 0}; }

  // Sends raw bytes on a new connection and returns all the server sends until it closes.
  std::string RawExchange(std::string_view bytes) {
    auto socket = Socket::Connect(endpoint(), milliseconds(1000));
    EXPECT_TRUE(socket.ok());
    if (!socket.ok()) return "";
    EXPECT_TRUE(socket->WriteAll(bytes, milliseconds(1000)).ok());
    std::string got;
    char buf[4096];
    while (true) {
      auto n = socket->Read(buf, sizeof(buf), milliseconds(5000));
      if (!n.ok() || *n == 0) return got;
      got.append(buf, *n);
    }
  }

  // Runs `body` on a thread whose effective uid is `uid` (a raw syscall changes that thread
  // alone), so that the server sees another user connect; what it returns comes back.
  template <typename Body>
  static auto AsUid(uid_t uid, Body body) {
    return std::async(std::launch::async,
                      [uid, body] {
                        if (getuid() == 0) syscall(SYS_setresuid, -1, uid, -1);
                        return body();
                      })
        .get();
  }

  // The status line and everything after it that arrives within `wait`.
  std::string ReadFor(Socket& socket, milliseconds wait) {
    std::string got;
    char buf[4096];
    const auto end = Clock::now() + wait;
    while (Clock::now() < end) {
      auto n = socket.Read(buf, sizeof(buf), milliseconds(20));
      if (n.ok() && *n == 0) break;
      if (n.ok()) got.append(buf, *n);
    }
    return got;
  }

  Result<Socket> Send(std::string_view bytes) {
    auto socket = Socket::Connect(endpoint(), milliseconds(1000));
    if (socket.ok()) {
      Status sent = socket->WriteAll(bytes, milliseconds(1000));
      if (!sent.ok()) return std::move(sent).error();
    }
    return socket;
  }

  // How long a plain request takes now, failing the test when it is not answered.
  milliseconds TimeOneRequest() {
    auto start = Clock::now();
    auto response =
        Client(endpoint(), Timeouts{.connect = milliseconds(2000), .io = milliseconds(5000)})
            .Do({"GET", "/ping", {}, ""});
    EXPECT_TRUE(response.ok() && response->status == 200);
    return std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  }

  std::string dir_;
  ServerOptions options_;
  std::unique_ptr<Server> server_;
};

// Streams on /follow (kept in `streams`), answers everything else at once.
Handler FollowOrEcho(std::vector<std::shared_ptr<Stream>>& streams, std::mutex& mutex) {
  return [&streams, &mutex](Exchange& exchange) {
    if (exchange.request().path() != "/follow") {
      exchange.Reply(Response{200, "", {}, "pong"});
      return;
    }
    auto stream = exchange.StartStream(200, {{"Content-Type", "application/x-ndjson"}});
    if (!stream.ok()) {
      exchange.Reply(Response{503, "", {}, stream.error().message});
      return;
    }
    std::lock_guard lock(mutex);
    streams.push_back(*stream);
  };
}

Response Echo(const ServerRequest& request) {
  return Response{200,
                  "",
                  {{"Content-Type", "text/plain"}},
                  request.request.method + " " + std::string(request.path()) + " ? " +
                      std::string(request.query()) + " : " + request.request.body};
}

TEST_F(ServerTest, AnswersRequestsFromTheClient) {
  StartServer(Echo);
  Client client(endpoint());
  auto response = client.Do({"POST", "/v1/containers/x/start?wait=1", {}, "{}"});
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "POST /v1/containers/x/start ? wait=1 : {}");
}

TEST_F(ServerTest, PassesThePeersCredentials) {
  StartServer([](const ServerRequest& request) {
    return Response{200,
                    "",
                    {},
                    std::to_string(request.peer.uid) + " " + std::to_string(request.peer.gid) +
                        " " + std::to_string(request.peer.pid)};
  });
  Client client(endpoint());
  auto response = client.Do({"GET", "/v1/limits", {}, ""});
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->body, std::to_string(getuid()) + " " + std::to_string(getgid()) + " " +
                                std::to_string(getpid()));
}

TEST_F(ServerTest, KeepsTheConnectionAliveBetweenRequests) {
  StartServer(Echo);
  Client client(endpoint());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(client.Do({"GET", "/v1/gpus", {}, ""}).ok());
  EXPECT_EQ(server_->accepted_count(), 1u);
}

TEST_F(ServerTest, RefusesToTakeOverALiveSocket) {
  StartServer(Echo);
  auto second = Server::Listen(options_, Answering(Echo));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
  EXPECT_NE(second.error().message.find("another server is listening"), std::string::npos);
  ASSERT_TRUE(Client(endpoint()).Do({"GET", "/", {}, ""}).ok());  // the first still serves
}

TEST_F(ServerTest, AnswersMalformedAndOversizedRequestsAndCloses) {
  options_.limits.max_body_bytes = 16;
  StartServer(Echo);
  std::string bad = RawExchange("NONSENSE\r\n\r\n");
  EXPECT_EQ(bad.substr(0, 25), "HTTP/1.1 400 Bad Request\r");
  EXPECT_NE(bad.find("Connection: close"), std::string::npos);
  std::string big = RawExchange("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n");
  EXPECT_EQ(big.substr(0, 12), "HTTP/1.1 413");
}

TEST_F(ServerTest, ReadsChunkedBodiesAndAnswersExpectContinue) {
  StartServer(Echo);
  std::string chunked = RawExchange(
      "POST /v1/images HTTP/1.1\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n0\r\n\r\n");
  EXPECT_NE(chunked.find("POST /v1/images ?  : abc"), std::string::npos);
  std::string expect = RawExchange(
      "PUT /x HTTP/1.1\r\nConnection: close\r\nExpect: 100-continue\r\nContent-Length: "
      "2\r\n\r\nhi");
  EXPECT_EQ(expect.substr(0, 25), "HTTP/1.1 100 Continue\r\n\r\n");
  EXPECT_NE(expect.find("PUT /x ?  : hi"), std::string::npos);
}

TEST_F(ServerTest, AnswersPipelinedRequestsInOrder) {
  StartServer(Echo);
  std::string got =
      RawExchange("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\nConnection: close\r\n\r\n");
  std::size_t a = got.find("GET /a");
  std::size_t b = got.find("GET /b");
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(b, std::string::npos);
  EXPECT_LT(a, b);
}

TEST_F(ServerTest, TurnsAThrowingHandlerIntoA500) {
  StartServer([](const ServerRequest&) -> Response { throw std::runtime_error("boom"); });
  auto response = Client(endpoint()).Do({"GET", "/", {}, ""});
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 500);
  EXPECT_NE(response->body.find("boom"), std::string::npos);
}

TEST_F(ServerTest, RunsHandlersConcurrentlyOnTheWorkers) {
  options_.workers = 4;
  options_.max_in_flight_per_uid = 4;
  StartServer([](const ServerRequest&) {
    std::this_thread::sleep_for(milliseconds(300));
    return Response{200, "", {}, "slow"};
  });
  auto start = Clock::now();
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int i = 0; i < 4; ++i) {
    clients.emplace_back([&] {
      if (Client(endpoint()).Do({"GET", "/", {}, ""}).ok()) ++ok;
    });
  }
  for (auto& client : clients) client.join();
  EXPECT_EQ(ok.load(), 4);
  EXPECT_LT(Clock::now() - start, milliseconds(1100));
}

TEST_F(ServerTest, IdleKeepAliveClientsDoNotStarveTheWorkers) {
  options_.workers = 2;
  StartServer(Echo);
  std::vector<std::unique_ptr<Client>> idle;
  for (int i = 0; i < 6; ++i) {
    idle.push_back(std::make_unique<Client>(endpoint()));
    ASSERT_TRUE(idle.back()->Do({"GET", "/", {}, ""}).ok());  // leaves a pooled connection
  }
  auto start = Clock::now();
  auto response =
      Client(endpoint(), Timeouts{.connect = milliseconds(1000), .io = milliseconds(2000)})
          .Do({"GET", "/fresh", {}, ""});
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_LT(Clock::now() - start, milliseconds(1000));
}

TEST_F(ServerTest, ClosesConnectionsIdleLongerThanTheIdleTimeout) {
  options_.timeouts.idle = milliseconds(100);
  StartServer(Echo);
  auto socket = Socket::Connect(endpoint(), milliseconds(1000));
  ASSERT_TRUE(socket.ok());
  char c;
  auto start = Clock::now();
  auto n = socket->Read(&c, 1, milliseconds(3000));
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 0u);
  EXPECT_LT(Clock::now() - start, milliseconds(2000));
}

TEST_F(ServerTest, AnswersA408ToARequestThatStallsHalfway) {
  options_.timeouts.request = milliseconds(150);
  StartServer(Echo);
  std::string got = RawExchange("GET / HTTP/1.1\r\nHost: x");
  EXPECT_EQ(got.substr(0, 12), "HTTP/1.1 408");
}

TEST_F(ServerTest, StopsPromptlyClosesEverythingAndRemovesTheSocket) {
  const int fds_before = testing::OpenFdCount();
  StartServer(Echo);
  Client client(endpoint());
  ASSERT_TRUE(client.Do({"GET", "/", {}, ""}).ok());  // an idle keep-alive connection stays
  auto half = Socket::Connect(endpoint(), milliseconds(1000));
  ASSERT_TRUE(half.ok());
  ASSERT_TRUE(half->WriteAll("GET / HTTP/1.1\r\n", milliseconds(1000)).ok());  // a worker waits
  std::this_thread::sleep_for(milliseconds(50));

  auto start = Clock::now();
  server_->Stop();
  EXPECT_LT(Clock::now() - start, milliseconds(1000));
  EXPECT_NE(access(options_.socket_path.c_str(), F_OK), 0);
  char c;
  auto n = half->Read(&c, 1, milliseconds(1000));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0u);
  server_.reset();
  half->Close();
  EXPECT_EQ(testing::OpenFdCount(), fds_before + 1);  // the client's pooled connection
}

TEST_F(ServerTest, StreamsChunksAsTheyAreSentAndEndsWithTheLastChunk) {
  std::vector<std::shared_ptr<Stream>> streams;
  std::mutex mutex;
  StartExchangeServer(FollowOrEcho(streams, mutex));
  auto socket = Send("GET /follow HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(socket.ok());
  std::string head = ReadFor(*socket, milliseconds(200));
  EXPECT_NE(head.find("HTTP/1.1 200 OK\r\n"), std::string::npos);
  EXPECT_NE(head.find("Transfer-Encoding: chunked\r\n"), std::string::npos);
  ASSERT_EQ(streams.size(), 1u);
  ASSERT_TRUE(streams[0]->Send("{\"n\":1}\n"));
  EXPECT_EQ(ReadFor(*socket, milliseconds(100)), "8\r\n{\"n\":1}\n\r\n");
  streams[0]->End();
  EXPECT_EQ(ReadFor(*socket, milliseconds(500)), "0\r\n\r\n");
  EXPECT_FALSE(streams[0]->open());
  EXPECT_FALSE(streams[0]->Send("late"));
}

TEST_F(ServerTest, StreamsLeaveTheWorkersToShortRequests) {
  options_.workers = 1;
  std::vector<std::shared_ptr<Stream>> streams;
  std::mutex mutex;
  StartExchangeServer(FollowOrEcho(streams, mutex));
  std::vector<Socket> followers;
  for (int i = 0; i < 20; ++i) {
    auto socket = Send("GET /follow HTTP/1.1\r\n\r\n");
    ASSERT_TRUE(socket.ok());
    followers.push_back(std::move(*socket));
  }
  EXPECT_LT(TimeOneRequest(), milliseconds(500));
  std::lock_guard lock(mutex);
  EXPECT_EQ(streams.size(), 20u);
}

TEST_F(ServerTest, ADeferredAnswerLeavesTheWorkerToOtherRequestsAndArrivesLater) {
  options_.workers = 1;
  std::mutex mutex;
  std::vector<std::unique_ptr<Exchange>> pending;
  StartExchangeServer([&](Exchange& exchange) {
    if (exchange.request().path() == "/slow") {
      std::lock_guard lock(mutex);
      pending.push_back(exchange.Defer());
      return;
    }
    exchange.Reply(Response{200, "", {}, "fast\n"});
  });
  std::vector<Socket> waiting;
  for (int i = 0; i < 5; ++i) {
    auto socket = Send("GET /slow HTTP/1.1\r\n\r\n");
    ASSERT_TRUE(socket.ok());
    waiting.push_back(std::move(*socket));
  }
  EXPECT_LT(TimeOneRequest(), milliseconds(500)) << "five deferred requests hold no worker";
  std::vector<std::unique_ptr<Exchange>> answering;
  {
    std::lock_guard lock(mutex);
    ASSERT_EQ(pending.size(), 5u);
    answering = std::move(pending);
  }
  std::thread answerer([&] {
    answering[0]->Reply(Response{200, "", {}, "later\n"});
    answering.clear();  // the other four were never answered: 500
  });
  answerer.join();
  char buf[4096];
  auto n = waiting[0].Read(buf, sizeof(buf), milliseconds(2000));
  ASSERT_TRUE(n.ok());
  EXPECT_NE(std::string(buf, *n).find("later"), std::string::npos);
  n = waiting[1].Read(buf, sizeof(buf), milliseconds(2000));
  ASSERT_TRUE(n.ok());
  EXPECT_NE(std::string(buf, *n).find("500"), std::string::npos) << "dropped unanswered";
}

TEST_F(ServerTest, TheStreamCapRefusesClearlyAndAClosedStreamGivesItsPlaceBack) {
  options_.max_streams = 2;
  std::vector<std::shared_ptr<Stream>> streams;
  std::mutex mutex;
  StartExchangeServer(FollowOrEcho(streams, mutex));
  auto first = Send("GET /follow HTTP/1.1\r\n\r\n");
  auto second = Send("GET /follow HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(first.ok() && second.ok());
  std::this_thread::sleep_for(milliseconds(100));
  auto third = Send("GET /follow HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(third.ok());
  EXPECT_NE(ReadFor(*third, milliseconds(300)).find("ds01d has 2 streams open"), std::string::npos);
  first->Close();
  std::this_thread::sleep_for(milliseconds(150));  // the poller sees the hang-up
  auto fourth = Send("GET /follow HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(fourth.ok());
  EXPECT_NE(ReadFor(*fourth, milliseconds(300)).find("200 OK"), std::string::npos);
}

TEST_F(ServerTest, EachUserHasTheirOwnStreamCap) {
  options_.max_streams_per_uid = 1;
  std::vector<std::shared_ptr<Stream>> streams;
  std::mutex mutex;
  StartExchangeServer(FollowOrEcho(streams, mutex));
  const std::string second = AsUid(65534, [&] {
    auto a = Send("GET /follow HTTP/1.1\r\n\r\n");
    std::this_thread::sleep_for(milliseconds(100));
    auto b = Send("GET /follow HTTP/1.1\r\n\r\n");
    return b.ok() ? ReadFor(*b, milliseconds(300)) : "";
  });
  EXPECT_NE(second.find("503"), std::string::npos);
  EXPECT_NE(second.find("You already have 1 streams open"), std::string::npos);
  auto other = AsUid(65533, [&] {
    auto c = Send("GET /follow HTTP/1.1\r\n\r\n");
    return c.ok() ? ReadFor(*c, milliseconds(300)) : "";
  });
  EXPECT_NE(other.find("200 OK"), std::string::npos);
}

TEST_F(ServerTest, AStreamWhoseClientStopsReadingIsCutOffWithoutBlockingTheSender) {
  options_.max_stream_backlog = 64 << 10;
  std::vector<std::shared_ptr<Stream>> streams;
  std::mutex mutex;
  StartExchangeServer(FollowOrEcho(streams, mutex));
  auto never_reads = Send("GET /follow HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(never_reads.ok());
  std::this_thread::sleep_for(milliseconds(100));
  ASSERT_EQ(streams.size(), 1u);
  const std::string line(4096, 'x');
  auto start = Clock::now();
  int sent = 0;
  while (streams[0]->Send(line) && sent < 100000) ++sent;
  EXPECT_LT(sent, 100000);  // it was cut off, far short of this
  EXPECT_LT(Clock::now() - start, milliseconds(1000));
  EXPECT_FALSE(streams[0]->open());
  EXPECT_LT(TimeOneRequest(), milliseconds(500));
}

TEST_F(ServerTest, ASlowTrickleHoldsNoWorkerAndMeetsItsDeadline) {
  options_.workers = 1;
  options_.timeouts.request = milliseconds(400);
  StartServer(Echo);
  std::vector<Socket> trickles;
  for (int i = 0; i < 10; ++i) {
    auto socket = Send("GET / HTTP/1.1\r\n");
    ASSERT_TRUE(socket.ok());
    trickles.push_back(std::move(*socket));
  }
  for (int round = 0; round < 3; ++round) {  // a byte every 100 ms never resets the deadline
    std::this_thread::sleep_for(milliseconds(100));
    for (Socket& socket : trickles) (void)socket.WriteAll("X", milliseconds(100));
    EXPECT_LT(TimeOneRequest(), milliseconds(300));
  }
  EXPECT_EQ(ReadFor(trickles[0], milliseconds(600)).substr(0, 12), "HTTP/1.1 408");
}

TEST_F(ServerTest, PipeliningWithoutReadingHoldsNoWorkerAndIsCutOff) {
  options_.workers = 1;
  options_.timeouts.write = milliseconds(300);
  StartServer([](const ServerRequest&) { return Response{200, "", {}, std::string(65536, 'y')}; });
  auto flood = Socket::Connect(endpoint(), milliseconds(1000));
  ASSERT_TRUE(flood.ok());
  std::string many;
  for (int i = 0; i < 2000; ++i) many += "GET /x HTTP/1.1\r\n\r\n";
  (void)flood->WriteAll(many, milliseconds(300));  // the server stops reading: it may not all go
  EXPECT_LT(TimeOneRequest(), milliseconds(500));
  std::this_thread::sleep_for(milliseconds(600));  // past the write timeout
  EXPECT_EQ(server_->connection_count(), 0u);
}

TEST_F(ServerTest, OneUserCannotTakeEveryWorker) {
  options_.workers = 2;  // one each at most, as half the workers
  StartServer([](const ServerRequest& request) {
    if (request.peer.uid == 0) std::this_thread::sleep_for(milliseconds(500));
    return Response{200, "", {}, "done"};
  });
  std::vector<std::thread> busy;
  for (int i = 0; i < 4; ++i) {
    busy.emplace_back([this] { (void)Client(endpoint()).Do({"GET", "/slow", {}, ""}); });
  }
  std::this_thread::sleep_for(milliseconds(100));
  const milliseconds other = AsUid(65534, [this] { return TimeOneRequest(); });
  EXPECT_LT(other, milliseconds(400));
  for (auto& thread : busy) thread.join();
}

TEST_F(ServerTest, ConnectionsAreCappedPerUserWithAReason) {
  options_.max_connections_per_uid = 2;
  StartServer(Echo);
  const std::string third = AsUid(65534, [this] {
    auto a = Socket::Connect(endpoint(), milliseconds(1000));
    auto b = Socket::Connect(endpoint(), milliseconds(1000));
    std::this_thread::sleep_for(milliseconds(50));
    auto c = Socket::Connect(endpoint(), milliseconds(1000));
    return c.ok() ? ReadFor(*c, milliseconds(300)) : "";
  });
  EXPECT_EQ(third.substr(0, 12), "HTTP/1.1 503");
  EXPECT_NE(third.find("uid 65534 already has 2 connections"), std::string::npos);
  EXPECT_LT(TimeOneRequest(), milliseconds(500));  // others are still served
}

TEST_F(ServerTest, AHandlerLearnsThatItsClientLeft) {
  std::promise<bool> noticed;
  StartExchangeServer([&noticed](Exchange& exchange) {
    const auto end = Clock::now() + milliseconds(2000);
    while (!exchange.client_gone() && Clock::now() < end) {
      std::this_thread::sleep_for(milliseconds(10));
    }
    noticed.set_value(exchange.client_gone());
    exchange.Reply(Response{200, "", {}, "nobody reads this"});
  });
  auto socket = Send("GET /long HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(socket.ok());
  std::this_thread::sleep_for(milliseconds(50));
  socket->Close();
  EXPECT_TRUE(noticed.get_future().get());
}

TEST_F(ServerTest, AClientThatHalfClosesAfterItsRequestStillGetsTheAnswer) {
  StartServer(Echo);
  auto socket = Send("GET /half HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(socket.ok());
  ASSERT_TRUE(socket->ShutdownWrite().ok());  // as `nc -N` does at the end of its input
  std::string got = ReadFor(*socket, milliseconds(500));
  EXPECT_EQ(got.substr(0, 15), "HTTP/1.1 200 OK") << got;
  EXPECT_NE(got.find("GET /half"), std::string::npos);
}

TEST_F(ServerTest, AnUpgradeHandsTheConnectionToTheHandler) {
  StartExchangeServer([](Exchange& exchange) {
    auto upgraded = exchange.Upgrade("ds01-test", {});
    if (!upgraded.ok()) return;
    std::string echo = "early:" + upgraded->early_bytes;
    char buf[64];
    auto n = upgraded->socket.Read(buf, sizeof(buf), milliseconds(1000));
    if (n.ok()) echo.append(buf, *n);
    (void)upgraded->socket.WriteAll(echo, milliseconds(1000));
  });
  auto socket = Send("GET /attach HTTP/1.1\r\n\r\nfirst");
  ASSERT_TRUE(socket.ok());
  std::this_thread::sleep_for(milliseconds(100));
  ASSERT_TRUE(socket->WriteAll("second", milliseconds(1000)).ok());
  std::string got = ReadFor(*socket, milliseconds(500));
  EXPECT_EQ(got,
            "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: ds01-test\r\n\r\n"
            "early:firstsecond");
}

}  // namespace
}  // namespace ds01::http
