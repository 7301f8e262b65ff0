#include "http/server.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

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
    dir_ = dir;
    options_.socket_path = dir_ + "/ds01.sock";
  }
  void TearDown() override {
    server_.reset();
    unlink(options_.socket_path.c_str());
    rmdir(dir_.c_str());
  }

  void StartServer(Handler handler) {
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

  std::string dir_;
  ServerOptions options_;
  std::unique_ptr<Server> server_;
};

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
  auto second = Server::Listen(options_, Echo);
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
  options_.idle_timeout = milliseconds(100);
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
  options_.io_timeout = milliseconds(150);
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

}  // namespace
}  // namespace ds01::http
