#include "http/client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "http/test_server.h"

namespace ds01::http {
namespace {

using std::chrono::milliseconds;
using testing::AnswerPings;
using testing::Chunk;
using testing::Get;
using testing::kDockerPing;
using testing::PeerSocket;
using testing::ScriptedServer;
using Clock = std::chrono::steady_clock;

TEST(Client, SendsHostAndContentLengthAndReadsTheResponse) {
  ScriptedServer server({[](PeerSocket& peer) {
    std::string request = peer.ReadRequest();
    EXPECT_EQ(request,
              "POST /v1.41/containers/create?name=x HTTP/1.1\r\nHost: localhost\r\n"
              "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
    peer.Write(
        "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 27\r\n"
        "\r\n{\"Id\":\"4f2a\",\"Warnings\":[]}");
  }});
  Client client(server.endpoint());
  auto response = client.Do(
      {"POST", "/v1.41/containers/create?name=x", {{"Content-Type", "application/json"}}, "{}"});
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->reason, "Created");
  EXPECT_EQ(FindHeader(response->headers, "content-type"), "application/json");
  EXPECT_EQ(response->body, "{\"Id\":\"4f2a\",\"Warnings\":[]}");
}

TEST(Client, ReadsAChunkedBodyWithTrailers) {
  ScriptedServer server({[](PeerSocket& peer) {
    peer.ReadRequest();
    peer.Write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    peer.Write(Chunk("{\"read\":\"2024\"") + Chunk(",\"pids\":3}\n"));
    peer.Write("0\r\nX-Done: 1\r\n\r\n");
  }});
  Client client(server.endpoint());
  auto response = client.Do(Get("/containers/x/stats?stream=0"));
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->body, "{\"read\":\"2024\",\"pids\":3}\n");
}

TEST(Client, ReadsABodyUntilTheServerCloses) {
  ScriptedServer server({[](PeerSocket& peer) {
    peer.ReadRequest();
    peer.Write("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n");
    peer.Write("line 1\n");
    peer.Write("line 2\n");
  }});
  Client client(server.endpoint());
  auto response = client.Do({"POST", "/exec/e1/start", {}, "{\"Detach\":false}"});
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->body, "line 1\nline 2\n");
}

TEST(Client, ReusesAKeepAliveConnection) {
  ScriptedServer server({AnswerPings});
  Client client(server.endpoint());
  for (int i = 0; i < 3; ++i) {
    auto response = client.Do(Get("/_ping"));
    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->body, "OK");
  }
  EXPECT_EQ(server.accepted(), 1);
}

TEST(Client, SkipsInterimResponsesAndKnowsNoBodyResponses) {
  ScriptedServer server({[](PeerSocket& peer) {
    peer.ReadRequest();
    peer.Write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n");
    peer.ReadRequest();
    peer.Write("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n");  // answers HEAD
    peer.ReadRequest();
    peer.Write("HTTP/1.1 304 Not Modified\r\n\r\n");
    AnswerPings(peer);
  }});
  Client client(server.endpoint());
  auto started = client.Do({"POST", "/containers/x/start", {}, ""});
  ASSERT_TRUE(started.ok()) << started.error().message;
  EXPECT_EQ(started->status, 204);
  auto head = client.Do({"HEAD", "/images/x/get", {}, ""});
  ASSERT_TRUE(head.ok()) << head.error().message;
  EXPECT_EQ(head->body, "");
  EXPECT_EQ(FindHeader(head->headers, "Content-Length"), "1234");
  auto not_modified = client.Do(Get("/x"));
  ASSERT_TRUE(not_modified.ok());
  EXPECT_EQ(not_modified->status, 304);
  auto ping = client.Do(Get("/_ping"));
  ASSERT_TRUE(ping.ok()) << ping.error().message;
  EXPECT_EQ(server.accepted(), 1);
}

TEST(Client, ReplacesAPooledConnectionTheServerClosed) {
  std::atomic<bool> closed{false};
  ScriptedServer server({[&](PeerSocket& peer) {
                           peer.ReadRequest();
                           peer.Write(kDockerPing);
                           peer.Close();
                           closed = true;
                         },
                         AnswerPings});
  Client client(server.endpoint());
  ASSERT_TRUE(client.Do(Get("/_ping")).ok());
  while (!closed) std::this_thread::sleep_for(milliseconds(1));
  auto response = client.Do({"POST", "/containers/x/stop", {}, ""});
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(server.accepted(), 2);
}

TEST(Client, RetriesAnIdempotentRequestWhenAReusedConnectionDiesUnanswered) {
  ScriptedServer server({[](PeerSocket& peer) {
                           peer.ReadRequest();
                           peer.Write(kDockerPing);
                           peer.ReadRequest();  // and closes without an answer
                         },
                         AnswerPings});
  Client client(server.endpoint());
  ASSERT_TRUE(client.Do(Get("/_ping")).ok());
  auto response = client.Do(Get("/_ping"));
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(server.accepted(), 2);
}

TEST(Client, DoesNotRetryAPostWhenAReusedConnectionDiesUnanswered) {
  ScriptedServer server({[](PeerSocket& peer) {
                           peer.ReadRequest();
                           peer.Write(kDockerPing);
                           peer.ReadRequest();
                         },
                         AnswerPings});
  Client client(server.endpoint());
  ASSERT_TRUE(client.Do(Get("/_ping")).ok());
  auto response = client.Do({"POST", "/containers/create", {}, "{}"});
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::kProtocol);
  EXPECT_EQ(server.accepted(), 1);
}

TEST(Client, ReportsAnUnreachableEndpointAsUnavailable) {
  Client client(Endpoint{Endpoint::Kind::kUnix, "/nonexistent-ds01/docker.sock", "", 0});
  auto response = client.Do(Get("/_ping"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(response.error().message,
            "connect unix:///nonexistent-ds01/docker.sock: No such file or directory");
}

TEST(Client, TimesOutWhenTheServerDoesNotAnswer) {
  ScriptedServer server({[](PeerSocket& peer) { peer.ReadToEnd(); }});
  Client client(server.endpoint());
  auto start = Clock::now();
  auto response = client.Do(Get("/containers/json"), milliseconds(100));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::kTimeout);
  EXPECT_LT(Clock::now() - start, milliseconds(3000));
}

TEST(Client, RefusesAnOversizedHead) {
  ScriptedServer server({[](PeerSocket& peer) {
    peer.ReadRequest();
    std::string head = "HTTP/1.1 200 OK\r\n";
    for (int i = 0; i < 90; ++i)
      head += "X-Filler-" + std::to_string(i) + ": " + std::string(1000, 'f') + "\r\n";
    peer.Write(head + "\r\n");
  }});
  Client client(server.endpoint());
  auto response = client.Do(Get("/_ping"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::kProtocol);
  EXPECT_NE(response.error().message.find("larger than 65536"), std::string::npos);
}

TEST(Client, RefusesABadChunkSize) {
  ScriptedServer server({[](PeerSocket& peer) {
    peer.ReadRequest();
    peer.Write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n");
    peer.ReadToEnd();
  }});
  Client client(server.endpoint());
  auto response = client.Do(Get("/events"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::kProtocol);
  EXPECT_NE(response.error().message.find("chunk"), std::string::npos);
}

TEST(Client, ReportsATruncatedBody) {
  ScriptedServer server({[](PeerSocket& peer) {
    peer.ReadRequest();
    peer.Write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
  }});
  Client client(server.endpoint());
  auto response = client.Do(Get("/containers/x/json"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::kProtocol);
  EXPECT_NE(response.error().message.find("after 10 of 100 body bytes"), std::string::npos);
}

TEST(Client, RefusesABodyOverTheLimit) {
  ScriptedServer server({[](PeerSocket& peer) {
    peer.ReadRequest();
    peer.Write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + std::string(100, 'b'));
  }});
  Client client(server.endpoint(), Timeouts{}, ClientLimits{.max_body_bytes = 64});
  auto response = client.Do(Get("/images/json"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::kProtocol);
  EXPECT_NE(response.error().message.find("larger than 64 bytes"), std::string::npos);
}

TEST(Client, RefusesAnUnaskedFor101) {
  ScriptedServer server({[](PeerSocket& peer) {
    peer.ReadRequest();
    peer.Write("HTTP/1.1 101 UPGRADED\r\n\r\n");
  }});
  Client client(server.endpoint());
  auto response = client.Do(Get("/_ping"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::kProtocol);
}

TEST(Client, UpgradeRefusedCarriesStatusAndBody) {
  ScriptedServer server({[](PeerSocket& peer) {
    while (!peer.ReadRequest().empty()) {
      peer.Write(
          "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
          "Content-Length: 39\r\n\r\n{\"message\":\"No such container: ghost\"}\n");
    }
  }});
  Client client(server.endpoint());
  Request attach{"POST", "/containers/ghost/attach?stream=1", {}, ""};
  auto raw = client.Upgrade(attach);
  ASSERT_FALSE(raw.ok());
  EXPECT_EQ(raw.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(raw.error().message, "HTTP 404 Not Found: {\"message\":\"No such container: ghost\"}");

  auto outcome = client.TryUpgrade(attach);
  ASSERT_TRUE(outcome.ok()) << outcome.error().message;
  EXPECT_EQ(outcome->stream, nullptr);
  EXPECT_EQ(outcome->refusal.status, 404);
  EXPECT_EQ(outcome->refusal.body, "{\"message\":\"No such container: ghost\"}\n");
  EXPECT_EQ(server.accepted(), 1);  // a refusal leaves the connection usable
}

TEST(Client, IsSafeToUseFromManyThreads) {
  auto serve = AnswerPings;
  ScriptedServer server({serve, serve, serve, serve, serve, serve, serve, serve});
  Client client(server.endpoint());
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (client.Do(Get("/_ping")).ok()) ++ok;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 200);
  EXPECT_LE(server.accepted(), 8);
}

}  // namespace
}  // namespace ds01::http
