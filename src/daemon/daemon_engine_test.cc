// ds01d in this process against the real engine, reached over its own socket as root: what
// it serves, how it follows changes made outside it, its timers, reloads and restarts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "core/container_name.h"
#include "daemon/daemon.h"
#include "docker/containers.h"
#include "http/client.h"
#include "store/test_database.h"
#include "tests/engine/support/engine_fixture.h"

namespace ds01::daemon {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

// Other tests share this engine, and this daemon adopts their managed containers too: many
// GPUs keep their claims from crowding these tests out, and a long container hold keeps this
// daemon from ever removing anything on its own.
std::string ConfigText(std::string_view memory = "256M") {
  std::string text = "gpus:\n";
  for (int i = 0; i < 32; ++i) text += "  - {model: \"Simulated GPU\", memory: 16G}\n";
  text += "defaults:\n  max_gpus: 32\n  memory: " + std::string(memory) +
          "\n  cpus: 1\n  gpu_hold_after_stop: 2s\n  container_hold_after_stop: 24h\n"
          "images: {allowed: [\"ds01-test/*\"]}\n"
          "workspaces:\n  root: \"/nonexistent/{user}\"\n";
  return text;
}

class DaemonEngineTest : public engine_test::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (HasFatalFailure()) return;
    options_.config_path = (dir_.dir() / "ds01.yaml").string();
    options_.socket_path = (dir_.dir() / "run" / "sub" / "ds01.sock").string();
    options_.state_dir = (dir_.dir() / "state").string();
    options_.docker_host = engine_test::TestEngineAddress();
    std::ofstream(options_.config_path) << ConfigText();
    StartDaemon();
  }

  void TearDown() override {
    daemon_.reset();
    EngineTest::TearDown();
  }

  void StartDaemon() {
    auto daemon = Daemon::Start(options_, "/nonexistent/libnvidia-ml.so.1");
    ASSERT_TRUE(daemon.ok()) << daemon.error().ToString();
    daemon_ = std::move(*daemon);
    client_ = std::make_unique<http::Client>(
        http::Endpoint{http::Endpoint::Kind::kUnix, options_.socket_path, "", 0});
  }

  json Call(const std::string& method, const std::string& target, const std::string& body = {},
            int expected = 200) {
    http::Request request{method, target, {{"Host", "ds01"}}, body};
    if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
    auto response = client_->Do(request);
    EXPECT_TRUE(response.ok()) << response.error().ToString();
    if (!response.ok()) return nullptr;
    EXPECT_EQ(response->status, expected) << method << " " << target << ": " << response->body;
    return json::parse(response->body, nullptr, false);
  }

  // A container for root, removed from the engine after the test whatever happens.
  std::string Create(std::string_view purpose) {
    std::string name = engine_test::UniqueName(purpose);
    cleanup().Container(core::DockerName(name, 0));
    Call("POST", "/v1/containers",
         json{{"name", name}, {"image", engine_test::kBaseImage}, {"gpus", 1}}.dump(), 201);
    return name;
  }

  json Get(const std::string& name, int expected = 200) {
    return Call("GET", "/v1/containers/" + name, {}, expected);
  }

  // Polls `name` until `done` holds for it or `limit` passes; true when it held.
  bool Eventually(const std::string& name, const std::function<bool(const json&)>& done,
                  milliseconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
      auto response = client_->Do(http::Request{"GET", "/v1/containers/" + name, {}, ""});
      if (response.ok() && done(json::parse(response->body, nullptr, false))) return true;
      std::this_thread::sleep_for(milliseconds(50));
    }
    return false;
  }

  store::TestDatabase dir_;
  DaemonOptions options_;
  std::unique_ptr<Daemon> daemon_;
  std::unique_ptr<http::Client> client_;
};

TEST_F(DaemonEngineTest, ServesOnAWorldConnectableSocketInADirectoryItMade) {
  struct stat info {};
  ASSERT_EQ(stat(options_.socket_path.c_str(), &info), 0);
  EXPECT_TRUE(S_ISSOCK(info.st_mode));
  EXPECT_EQ(info.st_mode & 0777, 0666u);
  json gpus = Call("GET", "/v1/gpus");
  EXPECT_EQ(gpus["simulated"], true);
  EXPECT_EQ(gpus["gpus"].size(), 32u);
}

TEST_F(DaemonEngineTest, ADockerStopOutsideDs01BecomesAHoldWithinTwoSeconds) {
  const std::string name = Create("outside-stop");
  Call("POST", "/v1/containers/" + name + "/start");
  ASSERT_TRUE(docker::ContainerApi(engine()).Stop(core::DockerName(name, 0), seconds(5)).ok());
  EXPECT_TRUE(Eventually(
      name, [](const json& c) { return c.value("state", "") == "stopped"; }, seconds(2)))
      << Get(name).dump();
  EXPECT_EQ(Get(name)["gpu_state"], "held");
}

TEST_F(DaemonEngineTest, TheTimerReleasesTheHoldWhenGpuHoldAfterStopHasPassed) {
  const std::string name = Create("hold-timer");
  Call("POST", "/v1/containers/" + name + "/start");
  json stopped = Call("POST", "/v1/containers/" + name + "/stop", R"({"time":1})");
  EXPECT_EQ(stopped["gpu_state"], "held");
  const auto at = std::chrono::steady_clock::now();
  EXPECT_TRUE(Eventually(
      name, [](const json& c) { return c.value("gpu_state", "") == "none"; }, seconds(5)));
  EXPECT_GE(std::chrono::steady_clock::now() - at, milliseconds(1500))
      << "not before the hold ends";
  EXPECT_EQ(Get(name)["state"], "stopped") << "the container itself stays";
}

TEST_F(DaemonEngineTest, AContainerRemovedOutsideDs01FreesItsGpuAtOnce) {
  const std::string name = Create("outside-rm");
  ASSERT_TRUE(docker::ContainerApi(engine())
                  .Remove(core::DockerName(name, 0), docker::RemoveOptions{.force = true})
                  .ok());
  EXPECT_TRUE(Eventually(
      name, [](const json& c) { return c.contains("error"); }, seconds(2)));
  json gpus = Call("GET", "/v1/gpus");
  for (const json& gpu : gpus["gpus"]) {
    for (const json& slot : gpu["slots"]) {
      if (slot.contains("holder")) {
        EXPECT_NE(slot["holder"]["container"], name);
      }
    }
  }
}

TEST_F(DaemonEngineTest, ARestartReconcilesWhatChangedWhileItWasDown) {
  const std::string kept = Create("kept");
  const std::string gone = Create("gone");
  Call("POST", "/v1/containers/" + kept + "/start");
  daemon_->Shutdown();
  ASSERT_TRUE(docker::ContainerApi(engine())
                  .Remove(core::DockerName(gone, 0), docker::RemoveOptions{.force = true})
                  .ok());
  StartDaemon();
  EXPECT_EQ(Get(kept)["state"], "running");
  EXPECT_EQ(Get(gone, 404)["error"]["code"], "not_found");
}

TEST_F(DaemonEngineTest, AReloadWithABadConfigKeepsTheLastGoodOne) {
  std::ofstream(options_.config_path) << "defaults: {memory: lots}\n";
  daemon_->Reload();
  json limits = Call("GET", "/v1/limits");
  EXPECT_EQ(limits["limits"]["memory_bytes"], 256u << 20);
  std::ofstream(options_.config_path) << ConfigText("512M");
  daemon_->Reload();
  EXPECT_EQ(Call("GET", "/v1/limits")["limits"]["memory_bytes"], 512u << 20);
}

}  // namespace
}  // namespace ds01::daemon
