#include "daemon/api.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <filesystem>
#include <future>
#include <map>
#include <vector>

#include "api/wire_container.h"
#include "api/wire_error.h"
#include "api/wire_gpus.h"
#include "api/wire_images.h"
#include "api/wire_limits.h"
#include "api/wire_prune.h"
#include "api/wire_stats.h"
#include "core/fake_container_engine_for_test.h"
#include "core/managed_labels.h"
#include "core/test_support.h"
#include "daemon/change_feed.h"
#include "http/client.h"
#include "http/fd_passing.h"
#include "http/server.h"
#include "http/socket.h"

namespace ds01::daemon {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

constexpr uid_t kAlice = 1000;
constexpr uid_t kBob = 1001;
constexpr uid_t kCarol = 1002;  // an admin
constexpr std::string_view kImage = "ds01-test/base:latest";

struct Answer {
  int status = 0;
  json body;
  std::string raw;
};

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = store::Store::Open(db_.path());
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    store_ = std::move(*store);
    users_.Add({kAlice, kAlice, "alice", {"alice"}});
    users_.Add({kBob, kBob, "bob", {"bob"}});
    users_.Add({kCarol, kCarol, "carol", {"carol", "ds01-admins"}});
    policy::Config config;
    config.images.allowed = {"ds01-test/*"};
    // The catalogue: one image this host has, one it lacks, and one that names bob's project
    // image, which nobody else may ever be shown.
    config.frameworks = {{"minimal", std::string(kImage)},
                         {"pytorch", "aime/pytorch:2.8.0-cuda12.4"},
                         {"theirs", "ds01-1001/secret"}};
    policy::GroupPolicy admins;
    admins.name = "admin";
    admins.unix_group = "ds01-admins";
    admins.admin = true;
    config.groups.push_back(admins);
    config.defaults.max_gpus = 1;
    config.workspaces.root = (db_.dir() / "{user}").string();
    config_ = std::make_unique<policy::ConfigHolder>(std::move(config));
    engine_.AddImage(std::string(kImage), false);

    inventory_.slots = {core::WholeGpu(0), core::WholeGpu(1)};
    inventory_.gpus = {gpu::GpuInfo{0, "GPU-0", "NVIDIA A100-SXM4-80GB", 80ull << 30, false},
                       gpu::GpuInfo{1, "GPU-1", "NVIDIA A100-SXM4-80GB", 80ull << 30, false}};
    inventory_.simulated = true;
    inventory_.source = "declared in config (simulated)";
    core::LimitsFor limits = [this](uid_t uid) {
      auto identity = users_.Lookup(uid);
      return policy::EffectiveLimits(
          *config_->Snapshot(), identity.ok() ? *identity : policy::Identity{uid, uid, "", {}});
    };
    allocator_ = std::make_unique<core::Allocator>(*store_, inventory_.slots, limits, clock_);
    reconciler_ = std::make_unique<core::Reconciler>(*store_, inventory_.slots, limits, clock_,
                                                     core::ReconcilerOptions{});
    service_ = std::make_unique<core::ContainerService>(
        *store_, *allocator_, *reconciler_, engine_, stager_, *config_, validator_, limits, clock_);
    authoriser_ = std::make_unique<Authoriser>(users_, *config_);
    feed_ = std::make_unique<ChangeFeed>(*store_);
    ASSERT_TRUE(feed_->Start().ok());
    store_->OnCommit([feed = feed_.get()] { feed->Notify(); });
    builder_ = std::make_unique<core::ImageBuilder>(engine_, limits);
    api_ = std::make_unique<Api>(ApiDeps{*service_, *store_, engine_, engine_, accounts_, engine_,
                                         *builder_, *authoriser_, *config_, limits, inventory_,
                                         clock_, engine_calls_, nullptr, feed_.get()});

    // Served on a real socket: each call connects as its uid (see Call).
    char dir[] = "/tmp/ds01-api-test-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    ASSERT_EQ(chmod(dir, 0755), 0);
    socket_dir_ = dir;
    http::ServerOptions options;
    options.socket_path = socket_dir_ + "/ds01.sock";
    options.socket_mode = 0666;
    options.limits.body_limit = [this](std::string_view method, std::string_view target) {
      return api_->BodyLimit(method, target);
    };
    auto server =
        http::Server::Listen(options, [this](http::Exchange& exchange) { api_->Handle(exchange); });
    ASSERT_TRUE(server.ok()) << server.error().ToString();
    server_ = std::move(*server);
    ASSERT_TRUE(server_->Start().ok());
  }

  void TearDown() override {
    if (server_) server_->Stop();
    engine_calls_.Stop();  // its calls answer through the server
    server_.reset();
    store_->OnCommit(nullptr);
    feed_.reset();
    std::filesystem::remove_all(socket_dir_);
  }

  // Sends one request from a thread whose effective uid is `uid` (a raw syscall changes that
  // thread alone), so that ds01d's SO_PEERCRED sees that user, as it would a real one.
  Answer Call(uid_t uid, std::string method, std::string target, std::string body = {}) {
    Answer answer = CallRaw(uid, std::move(method), std::move(target), std::move(body));
    EXPECT_FALSE(answer.body.is_discarded()) << "not JSON: " << answer.raw;
    return answer;
  }

  // As Call, for answers that need not be one JSON document (a stream of events).
  Answer CallRaw(uid_t uid, std::string method, std::string target, std::string body = {}) {
    const http::Endpoint endpoint{http::Endpoint::Kind::kUnix, server_->socket_path(), "", 0};
    auto response = std::async(std::launch::async, [&] {
                      syscall(SYS_setresuid, -1, uid, -1);
                      return http::Client(endpoint).Do({method, target, {}, body});
                    }).get();
    if (!response.ok()) {
      ADD_FAILURE() << response.error().ToString();
      return {};
    }
    return Answer{response->status, json::parse(response->body, nullptr, false), response->body};
  }

  Answer Create(uid_t uid, std::string name, int gpus = 1) {
    return Call(uid, "POST", "/v1/containers",
                json{{"name", name}, {"image", kImage}, {"gpus", gpus}}.dump());
  }

  store::TestDatabase db_;
  std::unique_ptr<store::Store> store_;
  policy::FixedUserDirectory users_;
  std::unique_ptr<policy::ConfigHolder> config_;
  policy::RequestValidator validator_{policy::ProtectedSockets{}};
  core::FakeContainerEngine engine_;
  core::BindStager stager_{db_.dir() / "mounts", users_};
  gpu::Inventory inventory_;
  FakeClock clock_;
  std::unique_ptr<core::Allocator> allocator_;
  std::unique_ptr<core::Reconciler> reconciler_;
  std::unique_ptr<core::ContainerService> service_;
  std::unique_ptr<Authoriser> authoriser_;
  std::unique_ptr<ChangeFeed> feed_;
  EngineCalls engine_calls_{EngineCalls::Limits{}};
  core::AccountWriter accounts_{engine_};
  std::unique_ptr<core::ImageBuilder> builder_;
  std::unique_ptr<Api> api_;
  std::string socket_dir_;
  std::unique_ptr<http::Server> server_;
};

TEST_F(ApiTest, CreateAnswers201WithTheContainerObjectOfTheApiDocs) {
  Answer created = Create(kAlice, "train");
  ASSERT_EQ(created.status, 201) << created.raw;
  const json& c = created.body;
  EXPECT_EQ(c["name"], "train");
  EXPECT_EQ(c["owner"], (json{{"uid", kAlice}, {"user", "alice"}}));
  EXPECT_EQ(c["state"], "created");
  EXPECT_EQ(c["image"], kImage);
  EXPECT_EQ(c["project"], "");
  ASSERT_EQ(c["gpus"].size(), 1u);
  EXPECT_EQ(c["gpus"][0],
            (json{{"slot", "0"}, {"uuid", "GPU-0"}, {"mig_profile", ""}, {"weight", 1.0}}));
  EXPECT_EQ(c["gpu_state"], "allocated");
  EXPECT_TRUE(c["hold_expires_at"].is_null());
  EXPECT_EQ(c["simulated_gpus"], true);
  EXPECT_EQ(c["created_at"], "2024-01-01T00:00:00.000Z");
  EXPECT_TRUE(c["started_at"].is_null());
  EXPECT_TRUE(c["stopped_at"].is_null());
  EXPECT_EQ(c["docker_id"], engine_.IdOf("train._.1000"));
}

TEST_F(ApiTest, TheLifecycleRoutesWalkSeed002sStates) {
  ASSERT_EQ(Create(kAlice, "train").status, 201);
  Answer started = Call(kAlice, "POST", "/v1/containers/train/start");
  ASSERT_EQ(started.status, 200) << started.raw;
  EXPECT_EQ(started.body["state"], "running");
  EXPECT_TRUE(started.body["started_at"].is_string());
  EXPECT_EQ(Call(kAlice, "POST", "/v1/containers/train/pause").body["state"], "paused");
  EXPECT_EQ(Call(kAlice, "POST", "/v1/containers/train/unpause").body["state"], "running");
  Answer stopped = Call(kAlice, "POST", "/v1/containers/train/stop", R"({"time":1})");
  ASSERT_EQ(stopped.status, 200) << stopped.raw;
  EXPECT_EQ(stopped.body["state"], "stopped");
  EXPECT_EQ(stopped.body["gpu_state"], "held");
  EXPECT_EQ(stopped.body["hold_expires_at"], "2024-01-01T00:15:00.000Z");
  Answer removed = Call(kAlice, "POST", "/v1/containers/train/remove", "{}");
  ASSERT_EQ(removed.status, 200) << removed.raw;
  EXPECT_EQ(removed.body, (json{{"removed", "train"}}));
  EXPECT_EQ(Call(kAlice, "GET", "/v1/containers/train").status, 404);
}

TEST_F(ApiTest, RefusalsAnswerWithTheirStatusMessageAndFix) {
  ASSERT_EQ(Create(kAlice, "train").status, 201);
  ASSERT_EQ(Call(kAlice, "POST", "/v1/containers/train/start").status, 200);
  Answer running = Call(kAlice, "POST", "/v1/containers/train/remove");
  EXPECT_EQ(running.status, 409);
  EXPECT_EQ(running.body["error"]["code"], "conflict");
  EXPECT_EQ(running.body["error"]["message"],
            "Cannot remove running container train: stop it first, or use --stop");
  EXPECT_FALSE(running.body["error"]["hint"].get<std::string>().empty());

  Answer limit = Create(kAlice, "second");
  EXPECT_EQ(limit.status, 409);
  EXPECT_EQ(limit.body["error"]["code"], "limit_exceeded");

  Answer privileged = Call(kAlice, "POST", "/v1/containers",
                           R"({"name":"root","image":"x","gpus":0,"privileged":true})");
  EXPECT_EQ(privileged.status, 403);
  EXPECT_EQ(privileged.body["error"]["code"], "permission_denied");

  Answer malformed = Call(kAlice, "POST", "/v1/containers", R"({"name":"x","gpus":"two"})");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.body["error"]["code"], "invalid_argument");
}

// Walks every registered route, so that a route added later is covered without a change here.
TEST_F(ApiTest, EveryRouteAnswersAnotherUsersContainerExactlyAsAMissingOne) {
  ASSERT_EQ(Create(kAlice, "train").status, 201);
  std::map<Access, int> walked;
  for (const Router::Registered& route : api_->router().routes()) {
    ++walked[route.traits.access];
    const auto target = [&](std::string_view name) {
      std::string text = route.pattern;
      const auto at = text.find("{name}");
      if (at != std::string::npos) text.replace(at, 6, name);
      return text;
    };
    const std::string body = route.method == "POST" ? "{}" : "";
    switch (route.traits.access) {
      case Access::kOwnContainer: {
        Answer theirs = Call(kBob, route.method, target("train"), body);
        Answer missing = Call(kBob, route.method, target("absent"), body);
        EXPECT_EQ(theirs.status, 404) << route.pattern;
        std::string expected = missing.raw;
        expected.replace(expected.find("absent"), 6, "train");
        EXPECT_EQ(theirs.raw, expected) << route.method << " " << route.pattern;
        Answer owner = Call(kBob, route.method, target("train") + "?owner=alice", body);
        EXPECT_EQ(owner.raw, theirs.raw) << "?owner= does not work for users: " << route.pattern;
        break;
      }
      case Access::kAnyUser: {
        if (!route.traits.read_only) break;  // a create makes the caller's own container
        Answer seen = CallRaw(kBob, route.method, target("train") + "?all=1&owner=alice&since=0");
        EXPECT_EQ(seen.raw.find("train"), std::string::npos) << route.pattern << ": " << seen.raw;
        break;
      }
      case Access::kAdminOnly: {
        Answer hidden = Call(kBob, route.method, target("train"), body);
        EXPECT_EQ(hidden.status, 404) << route.pattern;
        EXPECT_THAT(hidden.raw, HasSubstr("No such route")) << route.pattern;
        break;
      }
    }
  }
  EXPECT_GE(walked[Access::kOwnContainer], 7);
  EXPECT_GE(walked[Access::kAnyUser], 4);
  EXPECT_EQ(engine_.Find("train._.1000")->status, "created") << "nothing happened to it";
}

TEST_F(ApiTest, AKnownPathWithAnotherMethodIs405AndSaysWhichMethodsFit) {
  Answer answer = Call(kAlice, "DELETE", "/v1/containers/train");
  EXPECT_EQ(answer.status, 405);
  EXPECT_EQ(answer.body["error"]["hint"], "use GET");
}

TEST_F(ApiTest, EachRouteTakesABodyNoLargerThanItNeeds) {
  EXPECT_EQ(api_->BodyLimit("POST", "/v1/containers"), 64u << 10);
  EXPECT_EQ(api_->BodyLimit("GET", "/v1/containers?all=1"), 0u);
  EXPECT_EQ(api_->BodyLimit("POST", "/v1/containers/x/stop"), 1u << 10);
  EXPECT_EQ(api_->BodyLimit("POST", "/v1/nothing"), 4u << 10);
  // Refused on its head alone: the server closes without reading what it will not take.
  const http::Endpoint endpoint{http::Endpoint::Kind::kUnix, server_->socket_path(), "", 0};
  auto socket = http::Socket::Connect(endpoint, std::chrono::milliseconds(1000));
  ASSERT_TRUE(socket.ok());
  ASSERT_TRUE(socket
                  ->WriteAll("POST /v1/containers HTTP/1.1\r\nContent-Length: 204800\r\n\r\n",
                             std::chrono::milliseconds(1000))
                  .ok());
  char answer[64] = {};
  auto n = socket->Read(answer, sizeof(answer) - 1, std::chrono::milliseconds(2000));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(std::string(answer, *n).substr(0, 12), "HTTP/1.1 413");
}

TEST_F(ApiTest, AdminsSeeEveryoneAndActWithOwner) {
  ASSERT_EQ(Create(kAlice, "train").status, 201);
  ASSERT_EQ(Create(kBob, "eval", 0).status, 201);
  Answer all = Call(kCarol, "GET", "/v1/containers?all=1");
  ASSERT_EQ(all.status, 200);
  ASSERT_EQ(all.body["containers"].size(), 2u);
  EXPECT_EQ(all.body["containers"][0]["owner"]["user"], "alice");
  EXPECT_EQ(all.body["containers"][1]["owner"]["user"], "bob");
  EXPECT_EQ(Call(kCarol, "GET", "/v1/containers?all=1&owner=bob").body["containers"].size(), 1u);
  Answer started = Call(kCarol, "POST", "/v1/containers/train/start?owner=alice");
  ASSERT_EQ(started.status, 200) << started.raw;
  EXPECT_EQ(started.body["owner"]["user"], "alice");
  EXPECT_EQ(Call(kCarol, "GET", "/v1/containers/train").status, 404)
      << "without ?owner= an admin addresses their own";
}

TEST_F(ApiTest, ListingWithoutAllShowsRunningAndPausedOnly) {
  ASSERT_EQ(Create(kAlice, "idle", 0).status, 201);
  ASSERT_EQ(Create(kAlice, "busy", 0).status, 201);
  ASSERT_EQ(Call(kAlice, "POST", "/v1/containers/busy/start").status, 200);
  Answer running = Call(kAlice, "GET", "/v1/containers");
  ASSERT_EQ(running.body["containers"].size(), 1u);
  EXPECT_EQ(running.body["containers"][0]["name"], "busy");
  EXPECT_EQ(Call(kAlice, "GET", "/v1/containers?all=1").body["containers"].size(), 2u);
}

TEST_F(ApiTest, GpusShowHoldersToThemAndAdminsAndOthersOnlyTaken) {
  ASSERT_EQ(Create(kAlice, "train").status, 201);
  Answer bob = Call(kBob, "GET", "/v1/gpus");
  ASSERT_EQ(bob.status, 200);
  EXPECT_EQ(bob.body["simulated"], true);
  ASSERT_EQ(bob.body["gpus"].size(), 2u);
  const json& taken = bob.body["gpus"][0]["slots"][0];
  EXPECT_EQ(taken["taken"], true);
  EXPECT_FALSE(taken.contains("holder")) << "bob learns nothing of alice's";
  EXPECT_EQ(bob.body["gpus"][1]["slots"][0]["taken"], false);
  EXPECT_THAT(bob.raw, ::testing::Not(HasSubstr("alice")));

  const json alice_holder = Call(kAlice, "GET", "/v1/gpus").body["gpus"][0]["slots"][0]["holder"];
  EXPECT_EQ(alice_holder["user"], "alice");
  EXPECT_EQ(alice_holder["container"], "train");
  EXPECT_EQ(alice_holder["state"], "created");
  EXPECT_EQ(Call(kCarol, "GET", "/v1/gpus").body["gpus"][0]["slots"][0]["holder"]["user"], "alice");
}

TEST_F(ApiTest, LimitsShowTheCallersEffectiveLimitsAndUsage) {
  ASSERT_EQ(Create(kAlice, "train").status, 201);
  Answer limits = Call(kAlice, "GET", "/v1/limits");
  ASSERT_EQ(limits.status, 200);
  EXPECT_EQ(limits.body["user"], "alice");
  EXPECT_EQ(limits.body["admin"], false);
  EXPECT_EQ(limits.body["limits"]["max_gpus"], 1.0);
  EXPECT_EQ(limits.body["limits"]["gpu_hold_after_stop_seconds"], 900);
  EXPECT_EQ(limits.body["usage"]["gpus"], 1.0);
  EXPECT_EQ(limits.body["usage"]["containers"], 1);
  EXPECT_EQ(limits.body["usage"]["running"], 0);
  EXPECT_EQ(Call(kCarol, "GET", "/v1/limits").body["admin"], true);
}

TEST_F(ApiTest, StatsReportCpuAndMemoryOfRunningContainers) {
  ASSERT_EQ(Create(kAlice, "train").status, 201);
  Answer not_running = Call(kAlice, "GET", "/v1/containers/train/stats");
  EXPECT_EQ(not_running.status, 409);
  EXPECT_THAT(not_running.body["error"]["hint"].get<std::string>(), HasSubstr("container-start"));
  ASSERT_EQ(Call(kAlice, "POST", "/v1/containers/train/start").status, 200);
  Answer stats = Call(kAlice, "GET", "/v1/stats");
  ASSERT_EQ(stats.status, 200) << stats.raw;
  ASSERT_EQ(stats.body["stats"].size(), 1u);
  const json& entry = stats.body["stats"][0];
  EXPECT_EQ(entry["name"], "train");
  EXPECT_DOUBLE_EQ(entry["cpu_percent"].get<double>(), 100.0);  // 1 s of 4 CPUs' 4 s, ×4
  EXPECT_EQ(entry["memory_bytes"], 200u << 20) << "usage without the page cache";
  EXPECT_FALSE(entry.contains("gpu_memory_bytes")) << "simulated GPUs have no readings";
  EXPECT_EQ(Call(kAlice, "GET", "/v1/containers/train/stats").body["stats"].size(), 1u);
}

TEST_F(ApiTest, EveryAnswerReadsBackIntoTheWireTypeTheCliReadsItWith) {
  ASSERT_EQ(Create(kAlice, "train").status, 201);
  const auto reads = [](const Answer& answer, auto wire) {
    auto read = api::FromWire<decltype(wire)>(answer.body);
    EXPECT_TRUE(read.ok()) << read.error().message << " in " << answer.raw;
  };
  reads(Call(kAlice, "POST", "/v1/containers/train/start"), api::Container{});
  reads(Call(kAlice, "GET", "/v1/containers?all=1"), api::ContainerList{});
  reads(Call(kAlice, "GET", "/v1/gpus"), api::GpuInventory{});
  reads(Call(kBob, "GET", "/v1/gpus"), api::GpuInventory{});
  reads(Call(kAlice, "GET", "/v1/limits"), api::CallerLimits{});
  reads(Call(kAlice, "GET", "/v1/stats"), api::StatsList{});
  reads(Call(kAlice, "POST", "/v1/containers/train/start"), api::ErrorBody{});
  reads(Call(kAlice, "POST", "/v1/containers/train/remove", R"({"stop":true})"), api::Removed{});
}

TEST_F(ApiTest, UnknownRoutesAndStrangersAreRefused) {
  Answer route = Call(kAlice, "GET", "/v1/nothing");
  EXPECT_EQ(route.status, 404);
  Answer stranger = Call(4321, "GET", "/v1/containers");
  EXPECT_EQ(stranger.status, 403);
  EXPECT_EQ(stranger.body["error"]["code"], "permission_denied");
}

TEST_F(ApiTest, TheLogsRouteJudgesTheQueryTheSameWithOrWithoutTheUpgrade) {
  ASSERT_EQ(Create(kAlice, "train").status, 201);
  Answer tail = Call(kAlice, "GET", "/v1/containers/train/logs?tail=-3");
  EXPECT_EQ(tail.status, 400) << tail.raw;
  EXPECT_EQ(tail.body["error"]["message"], "tail: '-3' is not a number of lines");
  EXPECT_EQ(Call(kAlice, "GET", "/v1/containers/train/logs?since=soon").status, 400);
  EXPECT_EQ(Call(kAlice, "GET", "/v1/containers/train/logs?since=1m&until=2m").status, 400);
  Answer stderr_only = Call(kAlice, "GET", "/v1/containers/train/logs?stdout=0");
  EXPECT_EQ(stderr_only.status, 400);
  EXPECT_EQ(stderr_only.body["error"]["message"],
            "Container 'train' has a terminal: all it writes is one stream, stdout, and none of "
            "it is stderr");
  Answer plain = Call(kAlice, "GET", "/v1/containers/train/logs?tail=5");
  EXPECT_EQ(plain.status, 400);
  EXPECT_EQ(plain.body["error"]["message"], "The logs come on a handed-over connection");
  Answer missing = Call(kAlice, "GET", "/v1/containers/absent/logs?tail=-3");
  EXPECT_EQ(missing.status, 404) << "a missing container is missing, whatever was asked";
}

// ds01's side of a hand-over (logs, wait), by hand: the upgraded request, the go-ahead byte,
// the descriptor and its line, then the handed socket read to its end.
struct HandedStream {
  std::string head;
  json line;
  std::string body;
};

HandedStream OpenHandedAs(uid_t uid, const std::string& socket_path, const std::string& method,
                          const std::string& target, const std::string& protocol) {
  return std::async(
             std::launch::async,
             [&] {
               syscall(SYS_setresuid, -1, uid, -1);
               HandedStream got;
               const http::Endpoint endpoint{http::Endpoint::Kind::kUnix, socket_path, "", 0};
               auto socket = http::Socket::Connect(endpoint, std::chrono::milliseconds(1000));
               EXPECT_TRUE(socket.ok());
               if (!socket.ok()) return got;
               const std::string request = method + " " + target +
                                           " HTTP/1.1\r\nHost: ds01\r\nConnection: Upgrade\r\n"
                                           "Upgrade: " +
                                           protocol + "\r\n\r\n";
               EXPECT_TRUE(socket->WriteAll(request, std::chrono::milliseconds(1000)).ok());
               char byte = 0;
               while (!got.head.ends_with("\r\n\r\n")) {
                 auto n = socket->Read(&byte, 1, std::chrono::milliseconds(2000));
                 if (!n.ok() || *n == 0) return got;
                 got.head.push_back(byte);
               }
               EXPECT_TRUE(socket->WriteAll("\n", std::chrono::milliseconds(1000)).ok());
               pollfd ready{socket->fd(), POLLIN, 0};
               EXPECT_EQ(::poll(&ready, 1, 2000), 1);
               auto handed = http::ReceiveDescriptor(socket->fd());
               EXPECT_TRUE(handed.ok()) << handed.error().ToString();
               if (!handed.ok()) return got;
               std::string line;
               while (!line.ends_with('\n')) {
                 auto n = socket->Read(&byte, 1, std::chrono::milliseconds(2000));
                 if (!n.ok() || *n == 0) break;
                 line.push_back(byte);
               }
               got.line = json::parse(line, nullptr, false);
               char buffer[256];
               ssize_t n = 0;
               while ((n = ::read(handed->get(), buffer, sizeof buffer)) > 0)
                 got.body.append(buffer, n);
               return got;
             })
      .get();
}

TEST_F(ApiTest, TheLogsRouteHandsOverTheEnginesAnswerWithItsLine) {
  ASSERT_EQ(Create(kAlice, "train").status, 201);
  engine_.SetLogs(engine_.IdOf("train._.1000"), "line 1\r\nline 2\r\n");
  HandedStream logs =
      OpenHandedAs(kAlice, server_->socket_path(), "GET",
                   "/v1/containers/train/logs?tail=5&since=1h&timestamps", "ds01-logs");
  EXPECT_THAT(logs.head, ::testing::StartsWith("HTTP/1.1 101"));
  EXPECT_THAT(logs.head, HasSubstr("Upgrade: ds01-logs"));
  EXPECT_EQ(logs.line, (json{{"chunked", false}, {"tty", true}, {"early_bytes", 0}}));
  EXPECT_EQ(logs.body, "line 1\r\nline 2\r\n");
  const docker::LogsOptions asked = engine_.last_logs_options();
  EXPECT_EQ(asked.tail, 5);
  EXPECT_TRUE(asked.timestamps);
  EXPECT_EQ(asked.since, 1'704'067'200.0 - 3600) << "an hour before the fake clock's now";
  EXPECT_FALSE(asked.follow);
}

TEST_F(ApiTest, TheWaitRouteHandsOverTheEnginesWaitWithItsLine) {
  ASSERT_EQ(Create(kAlice, "train").status, 201);
  engine_.SetStatus(engine_.IdOf("train._.1000"), "exited", 5);
  HandedStream wait = OpenHandedAs(kAlice, server_->socket_path(), "POST",
                                   "/v1/containers/train/wait?condition=next-exit", "ds01-wait");
  EXPECT_THAT(wait.head, ::testing::StartsWith("HTTP/1.1 101"));
  EXPECT_EQ(wait.line, (json{{"chunked", false}, {"tty", false}, {"early_bytes", 0}}));
  EXPECT_EQ(json::parse(wait.body, nullptr, false)["StatusCode"], 5) << wait.body;
  for (const std::string bad : {"?condition=stopped", "?condition=removed&when=now"}) {
    Answer refused = Call(kAlice, "POST", "/v1/containers/train/wait" + bad);
    EXPECT_EQ(refused.status, 400) << bad << " " << refused.raw;
  }
}

TEST_F(ApiTest, TheLogsOfAContainerTheEngineNoLongerHasReadAsMissing) {
  ASSERT_EQ(Create(kAlice, "train").status, 201);
  engine_.Erase(engine_.IdOf("train._.1000"));
  Answer gone = Call(kAlice, "GET", "/v1/containers/train/logs");
  Answer missing = Call(kAlice, "GET", "/v1/containers/absent/logs");
  EXPECT_EQ(gone.status, 404) << gone.raw;
  std::string expected = missing.raw;
  expected.replace(expected.find("absent"), 6, "train");
  EXPECT_EQ(gone.raw, expected);
}

// The NDJSON lines of an answer, parsed.
std::vector<json> Lines(const std::string& body) {
  std::vector<json> lines;
  std::size_t start = 0;
  while (start < body.size()) {
    const std::size_t end = body.find('\n', start);
    lines.push_back(json::parse(body.substr(start, end - start)));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

TEST_F(ApiTest, EventsReplayWhatEachCallerMaySee) {
  ASSERT_EQ(Create(kAlice, "train").status, 201);
  ASSERT_EQ(Call(kAlice, "POST", "/v1/containers/train/start", "{}").status, 200);
  ASSERT_EQ(Create(kBob, "eval", 0).status, 201);

  const http::Endpoint endpoint{http::Endpoint::Kind::kUnix, server_->socket_path(), "", 0};
  const auto events = [&](uid_t uid, std::string target) {
    return std::async(std::launch::async,
                      [&, uid, target] {
                        syscall(SYS_setresuid, -1, uid, -1);
                        return http::Client(endpoint).Do({"GET", target, {}, ""});
                      })
        .get();
  };
  auto alices = events(kAlice, "/v1/events?since=0");
  ASSERT_TRUE(alices.ok());
  EXPECT_EQ(http::FindHeader(alices->headers, "Content-Type"), "application/x-ndjson");
  std::vector<std::string> seen;
  for (const json& line : Lines(alices->body)) {
    EXPECT_EQ(line["owner"], "alice") << line.dump();
    seen.push_back(line["action"].get<std::string>() + " " + line["container"].get<std::string>());
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"allocate train", "create train", "start train"}));
  const json first = Lines(alices->body).front();
  EXPECT_EQ(first["actor"], "alice");
  EXPECT_EQ(first["outcome"], "ok");
  EXPECT_EQ(first["time"], "2024-01-01T00:00:00.000Z");
  EXPECT_TRUE(first["id"].is_number_integer());

  auto carols = events(kCarol, "/v1/events?since=0");
  ASSERT_TRUE(carols.ok());
  EXPECT_EQ(Lines(carols->body).size(), 5u) << "an admin sees everyone's";
  auto bobs_only = events(kCarol, "/v1/events?since=0&owner=bob");
  EXPECT_EQ(Lines(bobs_only->body).size(), 2u);
  auto not_alices = events(kBob, "/v1/events?since=0&owner=alice");
  for (const json& line : Lines(not_alices->body)) EXPECT_EQ(line["owner"], "bob");

  clock_.Advance(std::chrono::hours(2));
  auto recent = events(kAlice, "/v1/events");
  ASSERT_TRUE(recent.ok());
  EXPECT_EQ(recent->body, "") << "without since, the last hour";
  auto bad = events(kAlice, "/v1/events?since=yesterday");
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad->status, 400);
  EXPECT_THAT(bad->body, HasSubstr("Unix seconds"));
}

TEST_F(ApiTest, AFollowerSeesEachChangeAsItIsCommittedAndNoOneElses) {
  const auto follow = [&](uid_t uid) {
    return std::async(std::launch::async,
                      [&, uid] {
                        syscall(SYS_setresuid, -1, uid, -1);
                        const http::Endpoint endpoint{http::Endpoint::Kind::kUnix,
                                                      server_->socket_path(), "", 0};
                        auto socket =
                            http::Socket::Connect(endpoint, std::chrono::milliseconds(1000));
                        EXPECT_TRUE(socket.ok());
                        EXPECT_TRUE(socket
                                        ->WriteAll("GET /v1/events?follow=1 HTTP/1.1\r\n\r\n",
                                                   std::chrono::milliseconds(1000))
                                        .ok());
                        return std::move(*socket);
                      })
        .get();
  };
  http::Socket alices = follow(kAlice);
  http::Socket bobs = follow(kBob);
  const auto read_for = [](http::Socket& socket, std::chrono::milliseconds wait) {
    std::string got;
    char buf[4096];
    const auto end = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < end) {
      auto n = socket.Read(buf, sizeof(buf), std::chrono::milliseconds(20));
      if (n.ok() && *n == 0) break;
      if (n.ok()) got.append(buf, *n);
    }
    return got;
  };
  EXPECT_THAT(read_for(alices, std::chrono::milliseconds(200)), HasSubstr("200 OK"));
  (void)read_for(bobs, std::chrono::milliseconds(50));
  ASSERT_EQ(Create(kAlice, "train").status, 201);
  const std::string live = read_for(alices, std::chrono::milliseconds(300));
  EXPECT_THAT(live, HasSubstr(R"("action":"allocate")"));
  EXPECT_THAT(live, HasSubstr(R"("action":"create")"));
  EXPECT_EQ(read_for(bobs, std::chrono::milliseconds(100)), "") << "bob follows his own alone";
  EXPECT_EQ(feed_->follower_count(), 2u);
}

// Images: a user's project images are theirs alone, listed with the containers made from them.

constexpr std::string_view kThesis = "ds01-1000/thesis:latest";  // alice's project image

TEST_F(ApiTest, ImagesListTheCallersProjectImagesAndTheirContainersUsingThem) {
  const auto built = std::chrono::system_clock::time_point(std::chrono::seconds(1704000000));
  engine_.AddImage(std::string(kThesis), false, 8'000'000'000, built);
  engine_.TagImage(std::string(kThesis), "ds01-1000/thesis:v1");
  engine_.AddImage("ds01-1001/secret:latest", false);
  ASSERT_EQ(Call(kAlice, "POST", "/v1/containers",
                 json{{"name", "train"}, {"image", kThesis}, {"gpus", 0}}.dump())
                .status,
            201);
  Answer mine = Call(kAlice, "GET", "/v1/images");
  ASSERT_EQ(mine.status, 200) << mine.raw;
  ASSERT_TRUE(api::FromWire<api::ImageList>(mine.body).ok()) << mine.raw;
  ASSERT_EQ(mine.body["images"].size(), 2u) << mine.raw;
  const json& latest = mine.body["images"][0];
  EXPECT_EQ(latest["reference"], kThesis);
  EXPECT_EQ(latest["repository"], "ds01-1000/thesis");
  EXPECT_EQ(latest["tag"], "latest");
  EXPECT_EQ(latest["size_bytes"], 8'000'000'000);
  EXPECT_EQ(latest["created_at"], "2023-12-31T05:20:00.000Z");
  EXPECT_EQ(latest["owner"], (json{{"uid", kAlice}, {"user", "alice"}}));
  EXPECT_EQ(latest["kind"], "project");
  EXPECT_EQ(latest["used_by"], json::array({"train"}));
  EXPECT_EQ(mine.body["images"][1]["reference"], "ds01-1000/thesis:v1");
  EXPECT_EQ(mine.body["images"][1]["id"], latest["id"]) << "one image, two references";
  EXPECT_EQ(mine.body["images"][1]["used_by"], json::array());
  EXPECT_THAT(mine.raw, ::testing::Not(HasSubstr("secret")));

  Answer bobs = Call(kBob, "GET", "/v1/images");
  ASSERT_EQ(bobs.body["images"].size(), 1u) << bobs.raw;
  EXPECT_EQ(bobs.body["images"][0]["reference"], "ds01-1001/secret:latest");
  EXPECT_THAT(bobs.raw, ::testing::Not(HasSubstr("thesis")));
}

TEST_F(ApiTest, AllAddsTheCatalogueImagesThisHostHasAndNeverAnotherUsers) {
  engine_.AddImage("ds01-1001/secret:latest", false);
  EXPECT_EQ(Call(kAlice, "GET", "/v1/images").body, (json{{"images", json::array()}}));
  Answer all = Call(kAlice, "GET", "/v1/images?all=1");
  ASSERT_EQ(all.status, 200) << all.raw;
  ASSERT_EQ(all.body["images"].size(), 1u) << all.raw;
  const json& base = all.body["images"][0];
  EXPECT_EQ(base["reference"], kImage);
  EXPECT_EQ(base["kind"], "catalogue");
  EXPECT_FALSE(base.contains("owner"));
  EXPECT_THAT(all.raw, ::testing::Not(HasSubstr("secret")));
  Answer bobs = Call(kBob, "GET", "/v1/images?all=1");
  ASSERT_EQ(bobs.body["images"].size(), 2u) << bobs.raw;
  EXPECT_EQ(bobs.body["images"][0]["kind"], "project") << "bob's own, listed once, as his";
  EXPECT_EQ(bobs.body["images"][1]["kind"], "catalogue");
}

TEST_F(ApiTest, AnAdminListsAnotherUsersImagesOnlyWithOwnerAndDeletesNone) {
  engine_.AddImage(std::string(kThesis), false);
  ASSERT_EQ(Create(kAlice, "train", 0).status, 201);  // ds01 knows alice by her container
  EXPECT_EQ(Call(kCarol, "GET", "/v1/images").body["images"].size(), 0u);
  Answer hers = Call(kCarol, "GET", "/v1/images?owner=alice");
  ASSERT_EQ(hers.body["images"].size(), 1u) << hers.raw;
  EXPECT_EQ(hers.body["images"][0]["owner"]["user"], "alice");
  EXPECT_EQ(Call(kCarol, "GET", "/v1/images?owner=nobody").status, 404);
  EXPECT_EQ(Call(kBob, "GET", "/v1/images?owner=alice").body["images"].size(), 0u);
  Answer refused = Call(kCarol, "POST", "/v1/images/thesis/remove?owner=alice", "{}");
  EXPECT_EQ(refused.status, 403) << refused.raw;
  EXPECT_TRUE(engine_.HasImage(std::string(kThesis)));
}

TEST_F(ApiTest, RemovingAnyImageButTheCallersOwnAnswersAsAMissingOne) {
  engine_.AddImage(std::string(kThesis), false);
  Answer missing = Call(kBob, "POST", "/v1/images/absent/remove", "{}");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body["error"]["message"], "Image 'absent' not found");
  EXPECT_THAT(missing.body["error"]["hint"].get<std::string>(), HasSubstr("image-list"));
  Answer theirs = Call(kBob, "POST", "/v1/images/thesis/remove", R"({"force":true})");
  std::string expected = missing.raw;
  expected.replace(expected.find("absent"), 6, "thesis");
  EXPECT_EQ(theirs.raw, expected);
  // By the full reference, a catalogue image's name or an id: missing too.
  for (const char* name :
       {"ds01-1000%2Fthesis", "ds01-test%2Fbase", "base", "sha256:fake-image-2", "fake-image-2"}) {
    Answer answer =
        Call(kAlice, "POST", std::string("/v1/images/") + name + "/remove", R"({"force":true})");
    EXPECT_EQ(answer.status, 404) << name << ": " << answer.raw;
    EXPECT_THAT(answer.body["error"]["message"].get<std::string>(), HasSubstr("not found"));
  }
  EXPECT_TRUE(engine_.HasImage(std::string(kThesis)));
  EXPECT_TRUE(engine_.HasImage(std::string(kImage)));
  EXPECT_EQ(Call(kAlice, "POST", "/v1/images/thesis/remove", R"({"stop":true})").status, 400);
}

TEST_F(ApiTest, AnImageTheOwnersContainerUsesIsKeptEvenWithForceNamingTheContainer) {
  engine_.AddImage(std::string(kThesis), false);
  ASSERT_EQ(Call(kAlice, "POST", "/v1/containers",
                 json{{"name", "c1"}, {"image", kThesis}, {"gpus", 0}}.dump())
                .status,
            201);
  Answer refused = Call(kAlice, "POST", "/v1/images/thesis/remove", R"({"force":true})");
  EXPECT_EQ(refused.status, 409) << refused.raw;
  EXPECT_EQ(refused.body["error"]["code"], "conflict");
  EXPECT_EQ(refused.body["error"]["message"], "Cannot delete image thesis: container c1 uses it");
  EXPECT_THAT(refused.body["error"]["hint"].get<std::string>(),
              HasSubstr("container-remove c1 --stop"));
  EXPECT_TRUE(engine_.HasImage(std::string(kThesis)));

  ASSERT_EQ(Call(kAlice, "POST", "/v1/containers/c1/remove", "{}").status, 200);
  Answer removed = Call(kAlice, "POST", "/v1/images/thesis/remove", "");
  ASSERT_EQ(removed.status, 200) << removed.raw;
  EXPECT_EQ(removed.body, (json{{"removed", kThesis}}));
  EXPECT_TRUE(api::FromWire<api::ImageRemoved>(removed.body).ok());
  EXPECT_FALSE(engine_.HasImage(std::string(kThesis)));
  EXPECT_EQ(Call(kAlice, "POST", "/v1/images/thesis/remove", "{}").status, 404);
}

TEST_F(ApiTest, ForceRemovesTheNameOfAnImageAContainerOutsideDs01Uses) {
  engine_.AddImage(std::string(kThesis), false);
  docker::ContainerSpec outside;
  outside.name = "made-by-root";
  outside.image = std::string(kThesis);
  engine_.Put(outside, "exited");
  Answer refused = Call(kAlice, "POST", "/v1/images/thesis/remove", "{}");
  EXPECT_EQ(refused.status, 409) << refused.raw;
  EXPECT_EQ(refused.body["error"]["message"],
            "Cannot delete image thesis: a container outside ds01 uses it");
  EXPECT_TRUE(engine_.HasImage(std::string(kThesis)));
  EXPECT_EQ(Call(kAlice, "POST", "/v1/images/thesis/remove", R"({"force":true})").status, 200);
  EXPECT_FALSE(engine_.HasImage(std::string(kThesis)));
}

// The names of a prune answer's removed (or skipped) entries, in order.
std::vector<std::string> Names(const json& entries) {
  std::vector<std::string> names;
  for (const json& entry : entries) names.push_back(entry["name"]);
  return names;
}

TEST_F(ApiTest, AContainerPruneRemovesTheCallersContainersWithoutProcessesAndNothingElse) {
  ASSERT_EQ(Create(kAlice, "never-run", 0).status, 201);
  ASSERT_EQ(Create(kAlice, "done").status, 201);
  ASSERT_EQ(Call(kAlice, "POST", "/v1/containers/done/start").status, 200);
  ASSERT_EQ(Call(kAlice, "POST", "/v1/containers/done/stop").status, 200);
  ASSERT_EQ(Create(kAlice, "live", 0).status, 201);
  ASSERT_EQ(Call(kAlice, "POST", "/v1/containers/live/start").status, 200);
  ASSERT_EQ(Create(kBob, "bobs", 0).status, 201);
  engine_.SetLayerSize(engine_.IdOf("done._.1000"), 12 << 20);
  engine_.SetLayerSize(engine_.IdOf("never-run._.1000"), 4096);

  Answer pruned = Call(kAlice, "POST", "/v1/containers/prune", "");
  ASSERT_EQ(pruned.status, 200) << pruned.raw;
  ASSERT_TRUE(api::FromWire<api::PruneReport>(pruned.body).ok()) << pruned.raw;
  EXPECT_THAT(Names(pruned.body["removed"]), ::testing::ElementsAre("done", "never-run"));
  EXPECT_EQ(pruned.body["removed"][0]["size_bytes"], 12 << 20);
  EXPECT_EQ(pruned.body["removed"][0]["owner"], (json{{"uid", kAlice}, {"user", "alice"}}));
  EXPECT_EQ(pruned.body["space_reclaimed_bytes"], (12 << 20) + 4096);
  EXPECT_EQ(pruned.body["skipped"], json::array());
  EXPECT_EQ(pruned.body["dry_run"], false);
  EXPECT_FALSE(engine_.Find("done._.1000").has_value());
  EXPECT_FALSE(engine_.Find("never-run._.1000").has_value());
  EXPECT_EQ(engine_.Find("live._.1000")->status, "running");
  EXPECT_TRUE(engine_.Find("bobs._.1001").has_value());
  Answer again = Call(kAlice, "POST", "/v1/containers/prune", "{}");
  EXPECT_EQ(again.body["removed"], json::array()) << again.raw;
  EXPECT_EQ(again.body["space_reclaimed_bytes"], 0);
  // done's held GPU is free: alice (max 1 GPU) can have one again.
  EXPECT_EQ(Create(kAlice, "next").status, 201);
}

TEST_F(ApiTest, AContainerPruneDryRunRemovesNothingAndUntilKeepsTheRecentlyStopped) {
  ASSERT_EQ(Create(kAlice, "old", 0).status, 201);
  clock_.Advance(std::chrono::hours(2));
  ASSERT_EQ(Create(kAlice, "new", 0).status, 201);
  Answer dry = Call(kAlice, "POST", "/v1/containers/prune", R"({"until":3600,"dry_run":true})");
  ASSERT_EQ(dry.status, 200) << dry.raw;
  EXPECT_EQ(dry.body["dry_run"], true);
  EXPECT_THAT(Names(dry.body["removed"]), ::testing::ElementsAre("old"));
  EXPECT_EQ(dry.body["removed"][0]["since"], "2024-01-01T00:00:00.000Z");
  EXPECT_TRUE(engine_.Find("old._.1000").has_value()) << "a dry run removes nothing";

  Answer hour = Call(kAlice, "POST", "/v1/containers/prune", R"({"until":3600})");
  EXPECT_THAT(Names(hour.body["removed"]), ::testing::ElementsAre("old")) << hour.raw;
  EXPECT_FALSE(engine_.Find("old._.1000").has_value());
  EXPECT_TRUE(engine_.Find("new._.1000").has_value());
  for (const char* odd : {R"({"until":-60})", R"({"until":"1h"})", R"({"until":1e30})"}) {
    Answer refused = Call(kAlice, "POST", "/v1/containers/prune", odd);
    EXPECT_EQ(refused.status, 400) << odd << ": " << refused.raw;
  }
  EXPECT_TRUE(engine_.Find("new._.1000").has_value());
}

TEST_F(ApiTest, OnlyAnAdminPrunesAnotherUsersContainersOrImages) {
  ASSERT_EQ(Create(kAlice, "a1", 0).status, 201);
  ASSERT_EQ(Create(kBob, "b1", 0).status, 201);
  for (const char* route : {"/v1/containers/prune", "/v1/images/prune"}) {
    for (const char* owner : {"alice", "nobody"}) {
      Answer refused = Call(kBob, "POST", std::string(route) + "?owner=" + owner, "{}");
      EXPECT_EQ(refused.status, 403) << route << " " << owner << ": " << refused.raw;
      EXPECT_EQ(refused.body["error"]["code"], "permission_denied");
      EXPECT_THAT(refused.body["error"]["message"].get<std::string>(),
                  HasSubstr("Only an admin may prune another user's"));
    }
  }
  EXPECT_TRUE(engine_.Find("a1._.1000").has_value());
  Answer own = Call(kBob, "POST", "/v1/containers/prune?owner=bob", "{}");
  EXPECT_THAT(Names(own.body["removed"]), ::testing::ElementsAre("b1")) << own.raw;

  ASSERT_EQ(Create(kBob, "b2", 0).status, 201);
  EXPECT_EQ(Call(kCarol, "POST", "/v1/containers/prune?owner=nobody", "{}").status, 404);
  Answer alices = Call(kCarol, "POST", "/v1/containers/prune?owner=alice", "{}");
  EXPECT_THAT(Names(alices.body["removed"]), ::testing::ElementsAre("a1")) << alices.raw;
  EXPECT_TRUE(engine_.Find("b2._.1001").has_value());
  ASSERT_EQ(Create(kAlice, "a2", 0).status, 201);
  Answer everyones = Call(kCarol, "POST", "/v1/containers/prune", "{}");
  EXPECT_THAT(Names(everyones.body["removed"]), ::testing::ElementsAre("a2", "b2"))
      << everyones.raw;
  EXPECT_EQ(engine_.size(), 0u);
}

class ImagePruneTest : public ApiTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(ApiTest::SetUp());
    engine_.AddImage("ds01-test/big:latest", false, 1000);
    const std::string base = engine_.FindImage("ds01-test/big:latest")->id;
    // alice's thesis built twice on it (the old build now untagged), bob's eval rebuilt once,
    // and an untagged image ds01 did not build.
    engine_.AddUntaggedImage("sha256:alice-old", base, 1100,
                             core::ProjectImageLabels(kAlice, "alice", "thesis"));
    engine_.AddUntaggedImage("sha256:alice-new", base, 1200,
                             core::ProjectImageLabels(kAlice, "alice", "thesis"));
    engine_.TagImage("sha256:alice-new", std::string(kThesis));
    engine_.AddUntaggedImage("sha256:bob-old", base, 1050,
                             core::ProjectImageLabels(kBob, "bob", "eval"));
    engine_.AddUntaggedImage("sha256:stray", base, 1010, {});
  }
};

TEST_F(ImagePruneTest, AUserPrunesTheirOwnOldBuildsAndNeverAnotherUsersOrOneDs01DidNotBuild) {
  Answer dry = Call(kAlice, "POST", "/v1/images/prune", R"({"dry_run":true})");
  ASSERT_EQ(dry.status, 200) << dry.raw;
  EXPECT_THAT(Names(dry.body["removed"]), ::testing::ElementsAre("alice-old"));
  EXPECT_TRUE(engine_.HasImage("sha256:alice-old")) << "a dry run removes nothing";

  Answer pruned = Call(kAlice, "POST", "/v1/images/prune", "{}");
  ASSERT_EQ(pruned.status, 200) << pruned.raw;
  ASSERT_TRUE(api::FromWire<api::PruneReport>(pruned.body).ok()) << pruned.raw;
  ASSERT_EQ(pruned.body["removed"].size(), 1u) << pruned.raw;
  const json& old = pruned.body["removed"][0];
  EXPECT_EQ(old["id"], "sha256:alice-old");
  EXPECT_EQ(old["project"], "thesis");
  EXPECT_EQ(old["owner"], (json{{"uid", kAlice}, {"user", "alice"}}));
  EXPECT_EQ(old["size_bytes"], 100) << "its own layers, not the base it shares";
  EXPECT_EQ(pruned.body["space_reclaimed_bytes"], 100);
  EXPECT_FALSE(engine_.HasImage("sha256:alice-old"));
  for (const char* kept : {"sha256:alice-new", "sha256:bob-old", "sha256:stray",
                           "ds01-test/big:latest", "ds01-test/base:latest"}) {
    EXPECT_TRUE(engine_.HasImage(kept)) << kept;
  }
  EXPECT_EQ(Call(kAlice, "POST", "/v1/images/prune", "").body["removed"], json::array());
}

TEST_F(ImagePruneTest, AnImageInUseOrWhoseProjectIsBeingBuiltIsSkippedWithTheReason) {
  ASSERT_EQ(Create(kAlice, "thesis", 0).status, 201);
  const std::string container = engine_.IdOf("thesis._.1000");
  engine_.FailNext("remove-image",
                   MakeError(ErrorCode::kConflict,
                             "conflict: unable to delete alice-old (must be forced) - image is "
                             "being used by stopped container " +
                                 container));
  Answer used = Call(kAlice, "POST", "/v1/images/prune", "{}");
  ASSERT_EQ(used.status, 200) << used.raw;
  EXPECT_EQ(used.body["removed"], json::array());
  ASSERT_EQ(used.body["skipped"].size(), 1u) << used.raw;
  EXPECT_EQ(used.body["skipped"][0]["name"], "alice-old");
  EXPECT_EQ(used.body["skipped"][0]["reason"],
            "container thesis still uses it (recreate it to move it to the new build)");
  engine_.FailNext("remove-image",
                   MakeError(ErrorCode::kConflict,
                             "conflict: unable to delete alice-old (must be forced) - image is "
                             "being used by stopped container 0123456789ab"));
  EXPECT_EQ(Call(kAlice, "POST", "/v1/images/prune", "{}").body["skipped"][0]["reason"],
            "a container still uses it");
  EXPECT_TRUE(engine_.HasImage("sha256:alice-old"));

  {
    const auto building = builder_->Claim(kAlice, "thesis");
    ASSERT_TRUE(building.has_value());
    Answer built = Call(kAlice, "POST", "/v1/images/prune", "{}");
    ASSERT_EQ(built.body["skipped"].size(), 1u) << built.raw;
    EXPECT_EQ(built.body["skipped"][0]["reason"], "project thesis is being built");
    EXPECT_TRUE(engine_.HasImage("sha256:alice-old"));
  }
  EXPECT_THAT(Names(Call(kAlice, "POST", "/v1/images/prune", "{}").body["removed"]),
              ::testing::ElementsAre("alice-old"));
}

TEST_F(ImagePruneTest, AnAdminPrunesEveryonesOldBuildsOrOneUsers) {
  Answer bobs = Call(kCarol, "POST", "/v1/images/prune?owner=bob", "{}");
  ASSERT_EQ(bobs.status, 200) << bobs.raw;
  EXPECT_THAT(Names(bobs.body["removed"]), ::testing::ElementsAre("bob-old"));
  EXPECT_TRUE(engine_.HasImage("sha256:alice-old"));
  EXPECT_EQ(Call(kCarol, "POST", "/v1/images/prune?owner=nobody", "{}").body["removed"],
            json::array());
  Answer everyones = Call(kCarol, "POST", "/v1/images/prune", "{}");
  EXPECT_THAT(Names(everyones.body["removed"]), ::testing::ElementsAre("alice-old"));
  EXPECT_TRUE(engine_.HasImage("sha256:stray")) << "not ds01's to prune";
}

}  // namespace
}  // namespace ds01::daemon
