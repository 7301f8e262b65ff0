#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "docker/engine.h"
#include "http/message.h"
#include "tests/e2e/support/daemon_process.h"
#include "tests/e2e/support/engine_view.h"
#include "tests/e2e/support/notify_listener.h"
#include "tests/e2e/support/process.h"
#include "tests/e2e/support/test_config.h"
#include "tests/e2e/support/test_users.h"

namespace ds01::e2e {

/// The number of ordinary test accounts, ds01e2e-u1 … ds01e2e-u8.
inline constexpr int kTestUsers = 8;

/// The images scripts/test-images.sh makes: base has no Cmd, app runs a hello script, stubborn
/// ignores SIGTERM (a stop waits out its grace period), shell's command is a bare shell, script
/// runs the shell script in its $SCRIPT.
inline constexpr std::string_view kBaseImage = "ds01-test/base:latest";
inline constexpr std::string_view kAppImage = "ds01-test/app:latest";
inline constexpr std::string_view kStubbornImage = "ds01-test/stubborn:latest";
inline constexpr std::string_view kShellImage = "ds01-test/shell:latest";  // CMD ["sh"]
inline constexpr std::string_view kScriptImage = "ds01-test/script:latest";

/// Polls `condition` every `interval` until it holds or `timeout` passes; true if it held.
bool Eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds interval = std::chrono::milliseconds(100));

/// The container called `name` in a list of the daemon's container objects, if present.
std::optional<nlohmann::json> FindContainer(const nlohmann::json& containers,
                                            std::string_view name);

/// `text` with every occurrence of `what` replaced by `placeholder`, so that answers about two
/// different names or paths can be compared.
std::string Anonymise(std::string text, const std::string& what,
                      std::string_view placeholder = "NAME");

/// The GPU UUIDs of one of the daemon's container objects ("gpus": [{"uuid": …}]).
std::vector<std::string> GpuUuids(const nlohmann::json& container);

/// An end-to-end test: as root, it serialises itself against every other e2e test on this
/// machine (a file lock), creates the test accounts, writes a config (Configure() adjusts it),
/// starts ds01d against the test engine with a fresh state directory and a socket every user
/// can reach, and runs the CLI as those users. Every managed container of the test accounts
/// is removed before and after each test, also when it fails; nothing else is touched.
class E2eTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  /// Adjusts the config before ds01d starts; the default keeps TestConfig's values.
  virtual void Configure(TestConfig& config);
  /// Readies ds01d's state directory `dir` (not yet there) before ds01d first starts; the
  /// default leaves it to ds01d. A test that mounts something there unmounts it itself.
  virtual void PrepareStateDirectory(const std::string& dir);

  /// ds01e2e-u<n>, n in 1..kTestUsers.
  const TestUser& user(int n) const { return users_.at(static_cast<std::size_t>(n - 1)); }
  /// ds01e2e-admin, a member of the admin group.
  const TestUser& admin() const { return admin_; }
  /// The uids of every test account.
  std::set<uid_t> test_uids() const;

  /// Runs the CLI as `who`: args[0] is the name it runs under ("container-create", or "ds01"
  /// for the canonical form), found through a link to the built ds01 in the test's bin dir.
  /// `env` entries ("KEY=VALUE") replace the defaults of the same key (DS01_SOCKET, …).
  ProcessResult Cli(const TestUser& who, std::vector<std::string> args,
                    std::chrono::milliseconds timeout = std::chrono::seconds(60),
                    const std::vector<std::string>& env = {});
  /// As Cli, with `input` as its stdin (a file, as a shell's here-document gives it).
  ProcessResult CliFed(const TestUser& who, std::vector<std::string> args,
                       const std::string& input);
  /// The environment Cli runs `who`'s commands with (PATH to the test's bin dir, HOME, …).
  std::vector<std::string> CliEnvironment(const TestUser& who) const;
  /// The path of the command `name` ("container-attach") in the test's bin dir.
  std::string CommandPath(std::string_view name) const {
    return bin_dir_ + "/" + std::string(name);
  }
  /// As Cli, and adds a test failure unless it exits 0.
  ProcessResult CliOk(const TestUser& who, std::vector<std::string> args);
  /// `container-list --all --format=json` as `who`: the container objects, [] on failure
  /// (with a test failure).
  nlohmann::json ListAll(const TestUser& who);
  /// The container `name` as `who` sees it in ListAll, if listed.
  std::optional<nlohmann::json> Listed(const TestUser& who, std::string_view name);
  /// One raw request to ds01d as `who` (SO_PEERCRED names them); a transport failure adds a
  /// test failure and returns status 0.
  http::Response Api(const TestUser& who, const std::string& method, const std::string& target,
                     const std::string& body = {});
  /// GET /v1/gpus as `who`, parsed; null on failure (with a test failure).
  nlohmann::json Gpus(const TestUser& who);

  /// The engine's inspect of `who`'s container `name` (Docker name "<name>._.<uid>").
  Result<docker::ContainerInspect> InspectOf(const TestUser& who, std::string_view name);
  /// The same as docker-py reads it (InspectWithDockerPy); null, with a test failure, when it
  /// cannot.
  nlohmann::json IndependentInspectOf(const TestUser& who, std::string_view name);

  /// SIGKILLs ds01d, as a crash would.
  void KillDaemon() { daemon_->Kill(); }
  /// Starts ds01d again on the same config, socket and state directory (SIGKILLing it first
  /// if it still runs) and waits until it answers.
  Status RestartDaemon();
  /// Rewrites the config file from `config` (ds01d reads it on start and on SIGHUP).
  void RewriteConfig(const TestConfig& config);
  DaemonProcess& daemon() { return *daemon_; }
  /// systemd's stand-in: ds01d runs with NOTIFY_SOCKET pointing here.
  NotifyListener& notify() { return *notify_; }

  EngineView& engine() { return *engine_view_; }
  const std::string& socket_path() const { return socket_path_; }
  const std::string& work_dir() const { return work_dir_; }
  const TestConfig& config() const { return config_; }

 private:
  void EnsureAccounts();
  void MakeCommandLinks();
  void WriteConfig();
  void ReportForeignContainers();

  int lock_fd_ = -1;
  std::vector<TestUser> users_;
  TestUser admin_;
  TestConfig config_;
  std::string work_dir_;
  int fed_inputs_ = 0;
  std::string bin_dir_;
  std::string socket_path_;
  std::unique_ptr<docker::Engine> docker_;
  std::unique_ptr<EngineView> engine_view_;
  std::unique_ptr<NotifyListener> notify_;
  std::unique_ptr<DaemonProcess> daemon_;
};

}  // namespace ds01::e2e
