#include "cli/daemon_client.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "api/wire_error.h"
#include "api/wire_gpus.h"
#include "api/wire_requests.h"
#include "cli/test_support.h"
#include "http/server.h"

namespace ds01::cli {
namespace {

using nlohmann::json;

// A real ds01d stand-in: an http::Server on a unix socket in a fresh temporary directory,
// answering every request with `handler` (or with one whole `answer`) and keeping what it was
// sent.
class StandInDaemon {
 public:
  explicit StandInDaemon(http::Handler handler) {
    char dir[] = "/tmp/ds01-cli-test-XXXXXX";
    EXPECT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    http::ServerOptions options;
    options.socket_path = dir_ + "/ds01.sock";
    auto server = http::Server::Listen(
        options, [this, handler = std::move(handler)](http::Exchange& exchange) {
          {
            std::lock_guard lock(mutex_);
            received_.push_back(exchange.request().request);
          }
          handler(exchange);
        });
    EXPECT_TRUE(server.ok()) << server.error().message;
    server_ = std::move(server).value();
    EXPECT_TRUE(server_->Start().ok());
  }
  explicit StandInDaemon(http::Response answer)
      : StandInDaemon(http::Answering(
            [answer = std::move(answer)](const http::ServerRequest&) { return answer; })) {}
  ~StandInDaemon() {
    Stop();
    std::filesystem::remove_all(dir_);
  }

  /// Stops serving and closes every connection, as a ds01d that goes away.
  void Stop() { server_->Stop(); }

  std::string socket() const { return dir_ + "/ds01.sock"; }
  std::vector<http::Request> received() {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  std::string dir_;
  std::unique_ptr<http::Server> server_;
  std::mutex mutex_;
  std::vector<http::Request> received_;
};

// A handler that streams `chunks` as NDJSON, then ends the answer when `end` says so.
http::Handler Streaming(std::vector<std::string> chunks, bool end = true) {
  return [chunks = std::move(chunks), end](http::Exchange& exchange) {
    auto stream = exchange.StartStream(200, {{"Content-Type", "application/x-ndjson"}});
    ASSERT_TRUE(stream.ok()) << stream.error().message;
    for (const std::string& chunk : chunks) (*stream)->Send(chunk);
    if (end) (*stream)->End();
  };
}

// What a Stream handed to its OnLine.
struct Lines {
  std::vector<std::string> texts;
  std::vector<json> values;
  DaemonApi::OnLine Collect() {
    return [this](std::string_view text, const json& value) {
      texts.emplace_back(text);
      values.push_back(value);
      return Ok();
    };
  }
};

http::Response JsonAnswer(int status, const std::string& reason, const json& body) {
  return {status, reason, {{"Content-Type", "application/json"}}, body.dump()};
}

TEST(DaemonSocket, ComesFromTheEnvironmentOrTheDefault) {
  EXPECT_EQ(DaemonSocket(nullptr), "/run/ds01/ds01.sock");
  EXPECT_EQ(DaemonSocket(""), "/run/ds01/ds01.sock");
  EXPECT_EQ(DaemonSocket("/tmp/elsewhere.sock"), "/tmp/elsewhere.sock");
}

TEST(DaemonClient, AMissingSocketIsReportedAsUnreachableWithTheFix) {
  DaemonClient client(DaemonSocket("/nonexistent-ds01-dir/ds01.sock"));
  auto answer = client.Call("GET", "/v1/containers");
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(answer.error().message,
            "ds01d not reachable at /nonexistent-ds01-dir/ds01.sock: No such file or directory");
  EXPECT_EQ(answer.error().hint, "start it (systemctl start ds01d) or set DS01_SOCKET");
}

TEST(DaemonClient, ARelativeSocketPathIsUnreachableNotACrash) {
  DaemonClient client("ds01.sock");
  auto answer = client.Call("GET", "/v1/containers");
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(answer.error().message.starts_with("ds01d not reachable at ds01.sock: "))
      << answer.error().message;
}

TEST(DaemonClient, SendsJsonAndReturnsTheParsedAnswer) {
  const api::Container box = testing::MakeContainer("box", api::ContainerState::kCreated);
  StandInDaemon daemon(JsonAnswer(201, "Created", box));
  DaemonClient client(daemon.socket());
  api::CreateRequest request;
  request.name = "box";
  request.gpus = 2;
  auto answer = CallAs<api::Container>(client, "POST", "/v1/containers", request);
  ASSERT_TRUE(answer.ok()) << answer.error().message;
  EXPECT_EQ(*answer, box);
  auto received = daemon.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].method, "POST");
  EXPECT_EQ(received[0].target, "/v1/containers");
  EXPECT_EQ(json::parse(received[0].body), (json{{"name", "box"}, {"gpus", 2}}));
  EXPECT_EQ(http::FindHeader(received[0].headers, "Content-Type"), "application/json");
}

TEST(DaemonClient, AGetCarriesNoBody) {
  StandInDaemon daemon(JsonAnswer(200, "OK", api::ContainerList{}));
  DaemonClient client(daemon.socket());
  ASSERT_TRUE(client.Call("GET", "/v1/containers?all=1").ok());
  auto received = daemon.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].target, "/v1/containers?all=1");
  EXPECT_TRUE(received[0].body.empty());
}

TEST(DaemonClient, TheDaemonsErrorBodyBecomesTheError) {
  StandInDaemon daemon(
      JsonAnswer(409, "Conflict",
                 api::ErrorBody{ErrorCode::kLimitExceeded, "GPU limit reached: you hold 2 of 2",
                                "stop or remove a container"}));
  DaemonClient client(daemon.socket());
  auto answer = client.Call("POST", "/v1/containers", json{{"name", "box"}});
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(answer.error().message, "GPU limit reached: you hold 2 of 2");
  EXPECT_EQ(answer.error().hint, "stop or remove a container");
}

TEST(DaemonClient, AnAnswerOfAnotherShapeIsAProtocolErrorNamingTheRequest) {
  nlohmann::json drifted = api::GpuInventory{};
  drifted.erase("source");
  StandInDaemon daemon(JsonAnswer(200, "OK", drifted));
  DaemonClient client(daemon.socket());
  auto answer = CallAs<api::GpuInventory>(client, "GET", "/v1/gpus");
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().code, ErrorCode::kProtocol);
  EXPECT_EQ(answer.error().message,
            "ds01d answered GET /v1/gpus with a malformed object: key 'source' not found");
  EXPECT_EQ(answer.error().hint,
            "check that DS01_SOCKET points at ds01d and that ds01 and ds01d match");
}

TEST(DaemonClient, AnAnswerThatIsNotJsonIsAProtocolError) {
  StandInDaemon daemon({200, "OK", {}, "not json"});
  DaemonClient client(daemon.socket());
  auto answer = client.Call("GET", "/v1/gpus");
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().code, ErrorCode::kProtocol);
}

TEST(DaemonClientStream, HandsOverEachLineAsSentAndItsJson) {
  StandInDaemon daemon(
      Streaming({"{\"id\": 1, \"action\": \"start\"}\n{\"id\":", "2}\n\n", "{\"id\":3}"}));
  DaemonClient client(daemon.socket());
  Lines lines;
  Status streamed = client.Stream("GET", "/v1/events?follow=1", nullptr, lines.Collect());
  ASSERT_TRUE(streamed.ok()) << streamed.error().message;
  EXPECT_EQ(lines.texts, (std::vector<std::string>{"{\"id\": 1, \"action\": \"start\"}",
                                                   "{\"id\":2}", "{\"id\":3}"}));
  EXPECT_EQ(lines.values,
            (std::vector<json>{{{"id", 1}, {"action", "start"}}, {{"id", 2}}, {{"id", 3}}}));
  auto received = daemon.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].method, "GET");
  EXPECT_EQ(received[0].target, "/v1/events?follow=1");
  EXPECT_EQ(http::FindHeader(received[0].headers, "Accept"), "application/x-ndjson");
}

TEST(DaemonClientStream, TheDaemonsErrorAnswerBecomesTheError) {
  StandInDaemon daemon(JsonAnswer(403, "Forbidden",
                                  {{"error",
                                    {{"code", "permission_denied"},
                                     {"message", "only admins may see other users' events"},
                                     {"hint", "leave out --owner"}}}}));
  DaemonClient client(daemon.socket());
  Lines lines;
  Status streamed = client.Stream("GET", "/v1/events?owner=bob", nullptr, lines.Collect());
  ASSERT_FALSE(streamed.ok());
  EXPECT_EQ(streamed.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(streamed.error().message, "only admins may see other users' events");
  EXPECT_EQ(streamed.error().hint, "leave out --owner");
  EXPECT_TRUE(lines.texts.empty());
}

TEST(DaemonClientStream, AStreamBrokenOffIsUnavailable) {
  StandInDaemon daemon(Streaming({"{\"id\":1}\n"}, /*end=*/false));
  DaemonClient client(daemon.socket());
  std::vector<std::string> texts;
  Status streamed =
      client.Stream("GET", "/v1/events?follow=1", nullptr, [&](std::string_view text, const json&) {
        texts.emplace_back(text);
        daemon.Stop();  // ds01d goes away after the first event
        return Ok();
      });
  ASSERT_FALSE(streamed.ok());
  EXPECT_EQ(streamed.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(streamed.error().message.starts_with(
      "ds01d at " + daemon.socket() + " broke off its answer to GET /v1/events?follow=1: "))
      << streamed.error().message;
  EXPECT_EQ(texts, std::vector<std::string>{"{\"id\":1}"});
}

TEST(DaemonClientStream, ALineThatIsNotJsonIsAProtocolError) {
  StandInDaemon daemon(Streaming({"{\"id\":1}\nnot json\n"}));
  DaemonClient client(daemon.socket());
  Lines lines;
  Status streamed = client.Stream("GET", "/v1/events", nullptr, lines.Collect());
  ASSERT_FALSE(streamed.ok());
  EXPECT_EQ(streamed.error().code, ErrorCode::kProtocol);
  EXPECT_EQ(lines.texts.size(), 1u);
}

TEST(DaemonClientStream, AnErrorOfTheReaderEndsTheStreamWithIt) {
  StandInDaemon daemon(Streaming({"{\"id\":1}\n{\"id\":2}\n"}));
  DaemonClient client(daemon.socket());
  int lines = 0;
  Status streamed = client.Stream("GET", "/v1/events", nullptr, [&](std::string_view, const json&) {
    ++lines;
    return Status(MakeError(ErrorCode::kProtocol, "not an event"));
  });
  ASSERT_FALSE(streamed.ok());
  EXPECT_EQ(streamed.error().message, "not an event");
  EXPECT_EQ(lines, 1);
}

TEST(DaemonClientStream, AMissingSocketIsUnreachable) {
  DaemonClient client("/nonexistent-ds01-dir/ds01.sock");
  Lines lines;
  Status streamed = client.Stream("GET", "/v1/events", nullptr, lines.Collect());
  ASSERT_FALSE(streamed.ok());
  EXPECT_EQ(streamed.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(streamed.error().message,
            "ds01d not reachable at /nonexistent-ds01-dir/ds01.sock: No such file or directory");
}

TEST(ErrorFromAnswer, MapsEachDocumentedCode) {
  const std::pair<const char*, ErrorCode> codes[] = {
      {"invalid_argument", ErrorCode::kInvalidArgument},
      {"permission_denied", ErrorCode::kPermissionDenied},
      {"not_found", ErrorCode::kNotFound},
      {"conflict", ErrorCode::kConflict},
      {"limit_exceeded", ErrorCode::kLimitExceeded},
      {"unavailable", ErrorCode::kUnavailable},
      {"timeout", ErrorCode::kTimeout},
      {"internal", ErrorCode::kInternal}};
  for (const auto& [name, code] : codes) {
    const json body = api::ErrorBody{code, "m", "h"};
    EXPECT_EQ(body["error"]["code"], name);
    EXPECT_EQ(ErrorFromAnswer(500, "x", body.dump()).code, code) << name;
  }
}

TEST(ErrorFromAnswer, WithoutAnErrorBodyTheStatusDecides) {
  Error error = ErrorFromAnswer(404, "Not Found", "404 page not found");
  EXPECT_EQ(error.code, ErrorCode::kNotFound);
  EXPECT_EQ(error.message, "ds01d answered HTTP 404 Not Found: 404 page not found");
  json unknown{{"error", {{"code", "brand_new"}, {"message", "odd"}}}};
  EXPECT_EQ(ErrorFromAnswer(503, "Service Unavailable", unknown.dump()).code,
            ErrorCode::kUnavailable);
}

TEST(ContainerRoute, BuildsTheRouteWithTheOwnerAsAQuery) {
  EXPECT_EQ(ContainerRoute("my-thesis"), "/v1/containers/my-thesis");
  EXPECT_EQ(ContainerRoute("my-thesis", "start"), "/v1/containers/my-thesis/start");
  EXPECT_EQ(ContainerRoute("my-thesis", "stop", "bob"), "/v1/containers/my-thesis/stop?owner=bob");
}

TEST(ContainerRoute, EncodesWhatWouldChangeTheRoute) {
  EXPECT_EQ(ContainerRoute("a/b?c", "start"), "/v1/containers/a%2Fb%3Fc/start");
  EXPECT_EQ(ContainerRoute("x", "stop", "d&e"), "/v1/containers/x/stop?owner=d%26e");
}

}  // namespace
}  // namespace ds01::cli
