#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "docker/engine.h"

namespace ds01::engine_test {

/// The busybox image scripts/test-images.sh imports; it has no Cmd: always pass a command.
inline constexpr std::string_view kBaseImage = "ds01-test/base:latest";

/// The engine the tests use: the address scripts/engine-up.sh wrote
/// ($DS01_DEV_STATE, default /var/lib/ds01-dev, + /engine/address), else $DOCKER_HOST, else
/// the default socket.
std::string TestEngineAddress();

/// A lowercase name no other test or run uses: "ds01t-<purpose>-<pid>-<time>-<n>".
std::string UniqueName(std::string_view purpose);

/// How many file descriptors this process has open (entries of /proc/self/fd), to prove that a
/// cancelled stream leaks no connection.
int OpenFdCount();

/// The container's status (inspect State.Status) once it reads `expected`, polled for up to
/// 2 s ("absent" when it cannot be inspected). The engine answers pause and unpause before it
/// records the new state, which it does when containerd reports the change, so an inspect
/// right after the answer can still show the old one.
std::string StatusSoon(docker::Engine& engine, std::string_view id, std::string_view expected);

/// Removes what a test created, newest first, when it goes out of scope or Run() is called —
/// also when the test failed. Objects already gone are fine; other failures are reported as
/// test failures.
class Cleanup {
 public:
  explicit Cleanup(docker::Engine& engine) : engine_(engine) {}
  Cleanup(const Cleanup&) = delete;
  Cleanup& operator=(const Cleanup&) = delete;
  ~Cleanup() { Run(); }

  /// Force-removes the container (and its anonymous volumes).
  void Container(std::string id_or_name);
  /// Force-removes the image reference.
  void Image(std::string reference);
  /// Removes the volume.
  void Volume(std::string name);
  /// Removes the network.
  void Network(std::string name);
  /// Runs `undo` at cleanup time.
  void Add(std::function<void()> undo);
  /// Runs every pending removal now.
  void Run();

 private:
  void Delete(std::string what, std::string path);

  docker::Engine& engine_;
  std::vector<std::function<void()>> undo_;
};

/// A fixture connected to the test engine; SetUp FAILS (never skips) with the engine's error
/// when it cannot connect. Everything registered with cleanup() is removed after the test.
class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  docker::Engine& engine() { return *engine_; }
  Cleanup& cleanup() { return *cleanup_; }

 private:
  std::unique_ptr<docker::Engine> engine_;
  std::unique_ptr<Cleanup> cleanup_;
};

}  // namespace ds01::engine_test
