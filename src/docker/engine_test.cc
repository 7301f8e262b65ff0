#include "docker/engine.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "http/percent_encode.h"

namespace ds01::docker {
namespace {

using std::chrono::steady_clock;

// A unix socket in a fresh temporary directory, removed with it.
class SocketDir {
 public:
  SocketDir() {
    char pattern[] = "/tmp/ds01-engine-test-XXXXXX";
    dir_ = ::mkdtemp(pattern);
  }
  ~SocketDir() { std::filesystem::remove_all(dir_); }
  std::string path() const { return dir_ + "/docker.sock"; }
  std::string address() const { return "unix://" + path(); }

 private:
  std::string dir_;
};

int BoundSocket(const std::string& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  path.copy(addr.sun_path, sizeof(addr.sun_path) - 1);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  return fd;
}

// A pretend engine: answers each request on each connection with the next scripted response
// and records what it was sent.
class FakeEngine {
 public:
  FakeEngine(const std::string& path, std::vector<std::string> responses)
      : responses_(std::move(responses)) {
    fd_ = BoundSocket(path);
    ::listen(fd_, 8);
    thread_ = std::thread([this] { Serve(); });
  }
  ~FakeEngine() {
    ::shutdown(fd_, SHUT_RDWR);  // wakes a blocked accept
    if (thread_.joinable()) thread_.join();
    ::close(fd_);
  }
  // What it was sent, once every scripted response went out.
  std::vector<std::string> requests() {
    if (thread_.joinable()) thread_.join();
    return requests_;
  }

 private:
  void Serve() {
    std::size_t next = 0;
    while (next < responses_.size()) {
      int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      std::string received;
      while (next < responses_.size()) {
        char buf[4096];
        ssize_t got = ::read(client, buf, sizeof buf);
        if (got <= 0) break;
        received.append(buf, static_cast<std::size_t>(got));
        auto end = received.find("\r\n\r\n");
        if (end == std::string::npos) continue;
        std::size_t length = 0;
        if (auto at = received.find("Content-Length: "); at != std::string::npos && at < end) {
          length = std::strtoul(received.c_str() + at + 16, nullptr, 10);
        }
        if (received.size() < end + 4 + length) continue;
        requests_.push_back(received.substr(0, end + 4 + length));
        received.erase(0, end + 4 + length);
        const std::string& response = responses_[next++];
        EXPECT_EQ(::write(client, response.data(), response.size()),
                  static_cast<ssize_t>(response.size()));
      }
      ::close(client);
    }
  }

  std::vector<std::string> responses_;
  std::vector<std::string> requests_;
  int fd_ = -1;
  std::thread thread_;
};

std::string Reply(int status, std::string_view reason, std::string_view body,
                  std::string_view extra_headers = "") {
  return "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
         std::string(extra_headers) + "\r\n" + std::string(body);
}

std::string Pong(std::string_view api_version) {
  return Reply(200, "OK", "OK", "Api-Version: " + std::string(api_version) + "\r\n");
}

void ExpectUnreachableWithin2s(const std::string& address) {
  auto started = steady_clock::now();
  Result<std::unique_ptr<Engine>> engine = Engine::Connect(address);
  auto elapsed = steady_clock::now() - started;
  ASSERT_FALSE(engine.ok());
  EXPECT_EQ(engine.error().code, ErrorCode::kUnavailable);
  std::string text = engine.error().ToString();
  std::string prefix = "Docker engine not reachable at " + address + ": ";
  std::string suffix = ". Fix: start dockerd or set DOCKER_HOST";
  EXPECT_EQ(text.substr(0, prefix.size()), prefix) << text;
  ASSERT_GT(text.size(), prefix.size() + suffix.size()) << "the reason is missing: " << text;
  EXPECT_EQ(text.substr(text.size() - suffix.size()), suffix) << text;
  EXPECT_LT(elapsed, std::chrono::milliseconds(2200));
}

TEST(EngineConnect, AbsentSocketIsUnreachableWithTheOsReason) {
  SocketDir dir;
  ExpectUnreachableWithin2s(dir.address());
  Result<std::unique_ptr<Engine>> engine = Engine::Connect(dir.address());
  EXPECT_NE(engine.error().message.find("No such file or directory"), std::string::npos)
      << engine.error().message;
}

TEST(EngineConnect, RefusingSocketIsUnreachable) {
  SocketDir dir;
  int fd = BoundSocket(dir.path());  // bound, never listening: connect is refused
  ExpectUnreachableWithin2s(dir.address());
  ::close(fd);
}

TEST(EngineConnect, SilentSocketIsUnreachableWithin2s) {
  SocketDir dir;
  int fd = BoundSocket(dir.path());
  ASSERT_EQ(::listen(fd, 8), 0);  // accepts (in the kernel) but never answers
  ExpectUnreachableWithin2s(dir.address());
  ::close(fd);
}

TEST(EngineConnect, NonDockerServerIsUnreachable) {
  SocketDir dir;
  FakeEngine fake(dir.path(), {Reply(404, "Not Found", "no such page")});
  Result<std::unique_ptr<Engine>> engine = Engine::Connect(dir.address());
  ASSERT_FALSE(engine.ok());
  EXPECT_NE(engine.error().message.find("HTTP 404"), std::string::npos);
}

TEST(EngineConnect, MalformedAddressIsInvalid) {
  Result<std::unique_ptr<Engine>> engine = Engine::Connect("ftp://example");
  ASSERT_FALSE(engine.ok());
  EXPECT_EQ(engine.error().code, ErrorCode::kInvalidArgument);
}

TEST(EngineConnect, EmptyAddressUsesDockerHost) {
  SocketDir dir;
  ::setenv("DOCKER_HOST", dir.address().c_str(), 1);
  Result<std::unique_ptr<Engine>> engine = Engine::Connect();
  ::unsetenv("DOCKER_HOST");
  ASSERT_FALSE(engine.ok());
  EXPECT_NE(engine.error().message.find(dir.address()), std::string::npos);
}

TEST(EngineConnect, NegotiatesTheOlderVersionAndPrefixesPaths) {
  SocketDir dir;
  FakeEngine fake(dir.path(), {Pong("1.41"), Reply(200, "OK", "[]")});
  Result<std::unique_ptr<Engine>> engine = Engine::Connect(dir.address());
  ASSERT_TRUE(engine.ok()) << engine.error().ToString();
  EXPECT_EQ((*engine)->api_version(), "1.41");
  EXPECT_EQ((*engine)->address(), dir.address());
  ASSERT_TRUE((*engine)->Call("POST", "/containers/create?name=x", R"({"Image":"a"})").ok());
  std::vector<std::string> requests = fake.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].substr(0, 15), "GET /_ping HTTP");
  EXPECT_EQ(requests[1].substr(0, 43), "POST /v1.41/containers/create?name=x HTTP/1");
  EXPECT_NE(requests[1].find("Host: localhost\r\n"), std::string::npos) << requests[1];
  EXPECT_NE(requests[1].find("Content-Type: application/json\r\n"), std::string::npos);
}

TEST(EngineConnect, NewerServerGetsOurMaximum) {
  SocketDir dir;
  FakeEngine fake(dir.path(), {Pong("1.52")});
  Result<std::unique_ptr<Engine>> engine = Engine::Connect(dir.address());
  ASSERT_TRUE(engine.ok()) << engine.error().ToString();
  EXPECT_EQ((*engine)->api_version(), kMaxApiVersion);
}

TEST(EngineCall, ErrorStatusBecomesTypedErrorWithTheEnginesMessage) {
  SocketDir dir;
  FakeEngine fake(dir.path(),
                  {Pong("1.41"), Reply(404, "Not Found", R"({"message":"No such container: x"})")});
  Result<std::unique_ptr<Engine>> engine = Engine::Connect(dir.address());
  ASSERT_TRUE(engine.ok());
  Result<http::Response> response = (*engine)->Call("GET", "/containers/x/json");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(response.error().message, "No such container: x");
}

TEST(EngineCall, NotModifiedIsNotAnError) {
  SocketDir dir;
  FakeEngine fake(dir.path(), {Pong("1.41"), Reply(304, "Not Modified", "")});
  Result<std::unique_ptr<Engine>> engine = Engine::Connect(dir.address());
  ASSERT_TRUE(engine.ok());
  Result<http::Response> response = (*engine)->Call("POST", "/containers/x/start");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 304);
}

TEST(ErrorFromEngine, MapsStatusesToCodes) {
  EXPECT_EQ(ErrorFromEngine(400, "{}").code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ErrorFromEngine(401, "{}").code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(ErrorFromEngine(403, "{}").code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(ErrorFromEngine(404, "{}").code, ErrorCode::kNotFound);
  EXPECT_EQ(ErrorFromEngine(409, "{}").code, ErrorCode::kConflict);
  EXPECT_EQ(ErrorFromEngine(500, "{}").code, ErrorCode::kInternal);
  EXPECT_EQ(ErrorFromEngine(503, "{}").code, ErrorCode::kInternal);
}

TEST(ErrorFromEngine, KeepsTheEnginesMessageAndAddsAHint) {
  Error error = ErrorFromEngine(
      409, R"({"message":"Conflict. The container name \"/a\" is already in use"})");
  EXPECT_EQ(error.message, "Conflict. The container name \"/a\" is already in use");
  EXPECT_FALSE(error.hint.empty());
}

TEST(ErrorFromEngine, FallsBackToThePlainBodyOrTheStatus) {
  EXPECT_EQ(ErrorFromEngine(500, "page not found\n").message, "page not found");
  EXPECT_EQ(ErrorFromEngine(502, "").message, "the Docker engine answered HTTP 502");
}

TEST(EncodeFilters, IsUrlEncodedJsonOfArrays) {
  EXPECT_EQ(EncodeFilters({{"label", {"a=b"}}, {"status", {"exited", "created"}}}),
            http::PercentEncode(R"({"label":["a=b"],"status":["exited","created"]})"));
}

TEST(OlderApiVersion, ComparesNumerically) {
  EXPECT_EQ(OlderApiVersion("1.41", "1.45"), "1.41");
  EXPECT_EQ(OlderApiVersion("1.9", "1.10"), "1.9");
  EXPECT_EQ(OlderApiVersion("1.52", "1.45"), "1.45");
}

}  // namespace
}  // namespace ds01::docker
