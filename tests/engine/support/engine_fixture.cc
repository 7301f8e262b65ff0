#include "tests/engine/support/engine_fixture.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "docker/api_path.h"
#include "docker/containers.h"

namespace ds01::engine_test {
namespace {

std::string AddressFromStateFile() {
  const char* state = std::getenv("DS01_DEV_STATE");
  std::string dir = (state != nullptr && *state != '\0') ? state : "/var/lib/ds01-dev";
  std::ifstream file(dir + "/engine/address");
  std::string address;
  std::getline(file, address);
  return address;
}

std::string Sanitise(std::string_view purpose) {
  std::string out;
  for (char c : purpose) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    out.push_back(keep ? c : '-');
  }
  return out;
}

}  // namespace

std::string StatusSoon(docker::Engine& engine, std::string_view id, std::string_view expected) {
  docker::ContainerApi containers(engine);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (true) {
    Result<docker::ContainerInspect> inspect = containers.Inspect(id);
    std::string status = inspect.ok() ? inspect->state.status : "absent";
    if (status == expected || std::chrono::steady_clock::now() >= deadline) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::string TestEngineAddress() {
  std::string address = AddressFromStateFile();
  if (!address.empty()) return address;
  const char* from_env = std::getenv("DOCKER_HOST");
  if (from_env != nullptr && *from_env != '\0') return from_env;
  return "unix:///var/run/docker.sock";
}

std::string UniqueName(std::string_view purpose) {
  static std::atomic<int> counter{0};
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  return "ds01t-" + Sanitise(purpose) + "-" + std::to_string(getpid()) + "-" +
         std::to_string(millis % 100'000'000) + "-" + std::to_string(counter++);
}

int OpenFdCount() {
  int count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    ++count;
  }
  return count;
}

void Cleanup::Delete(std::string what, std::string path) {
  undo_.push_back([this, what = std::move(what), path = std::move(path)] {
    Result<http::Response> removed = engine_.Call("DELETE", path);
    if (!removed.ok() && removed.error().code != ErrorCode::kNotFound) {
      ADD_FAILURE() << "cleanup could not remove " << what << ": " << removed.error().ToString();
    }
  });
}

void Cleanup::Container(std::string id_or_name) {
  docker::ApiPath path("/containers");
  path.Segment(id_or_name).Flag("force", true).Flag("v", true);
  Delete("container " + id_or_name, path.str());
}

void Cleanup::Image(std::string reference) {
  docker::ApiPath path("/images");
  path.Segment(reference).Flag("force", true);
  Delete("image " + reference, path.str());
}

void Cleanup::Volume(std::string name) {
  docker::ApiPath path("/volumes");
  path.Segment(name).Flag("force", true);
  Delete("volume " + name, path.str());
}

void Cleanup::Network(std::string name) {
  docker::ApiPath path("/networks");
  path.Segment(name);
  Delete("network " + name, path.str());
}

void Cleanup::Add(std::function<void()> undo) { undo_.push_back(std::move(undo)); }

void Cleanup::Run() {
  while (!undo_.empty()) {
    std::function<void()> undo = std::move(undo_.back());
    undo_.pop_back();
    undo();
  }
}

void EngineTest::SetUp() {
  std::string address = TestEngineAddress();
  Result<std::unique_ptr<docker::Engine>> engine = docker::Engine::Connect(address);
  ASSERT_TRUE(engine.ok()) << "the engine tests need a Docker engine: "
                           << engine.error().ToString();
  engine_ = std::move(*engine);
  cleanup_ = std::make_unique<Cleanup>(*engine_);
}

void EngineTest::TearDown() {
  if (cleanup_) cleanup_->Run();
}

}  // namespace ds01::engine_test
