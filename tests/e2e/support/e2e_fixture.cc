#include "tests/e2e/support/e2e_fixture.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "cli/command_links.h"
#include "tests/e2e/support/docker_py.h"
#include "tests/e2e/support/request_as.h"
#include "tests/engine/support/engine_fixture.h"

namespace ds01::e2e {
namespace {

// Paths of the binaries under test, from CMake ($<TARGET_FILE:…>).
constexpr const char* kDaemonBinary = DS01_E2E_DS01D;
constexpr const char* kCliBinary = DS01_E2E_DS01;

// Held for the whole test: every e2e test shares the accounts and the engine's managed
// containers, so two must never run at once, whoever started them.
constexpr const char* kLockPath = "/var/lib/ds01-e2e/lock";

std::string UserName(int n) { return "ds01e2e-u" + std::to_string(n); }

}  // namespace

bool Eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds interval) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(interval);
  }
}

std::optional<nlohmann::json> FindContainer(const nlohmann::json& containers,
                                            std::string_view name) {
  if (!containers.is_array()) return std::nullopt;
  for (const auto& container : containers) {
    if (container.value("name", "") == name) return container;
  }
  return std::nullopt;
}

std::string Anonymise(std::string text, const std::string& what, std::string_view placeholder) {
  for (std::size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + placeholder.size())) {
    text.replace(at, what.size(), placeholder);
  }
  return text;
}

std::vector<std::string> GpuUuids(const nlohmann::json& container) {
  std::vector<std::string> uuids;
  if (!container.contains("gpus") || !container["gpus"].is_array()) return uuids;
  for (const auto& gpu : container["gpus"]) uuids.push_back(gpu.value("uuid", ""));
  return uuids;
}

void E2eTest::Configure(TestConfig&) {}

void E2eTest::PrepareStateDirectory(const std::string&) {}

std::set<uid_t> E2eTest::test_uids() const {
  std::set<uid_t> uids{admin_.uid};
  for (const auto& user : users_) uids.insert(user.uid);
  return uids;
}

void E2eTest::SetUp() {
  ASSERT_EQ(geteuid(), 0u) << "the e2e tests create Unix users and start ds01d: run them as root";
  std::filesystem::create_directories(std::filesystem::path(kLockPath).parent_path());
  lock_fd_ = open(kLockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  ASSERT_GE(lock_fd_, 0) << "cannot open " << kLockPath;
  ASSERT_EQ(flock(lock_fd_, LOCK_EX), 0) << "cannot lock " << kLockPath;

  ASSERT_NO_FATAL_FAILURE(EnsureAccounts());
  std::string address = engine_test::TestEngineAddress();
  Result<std::unique_ptr<docker::Engine>> docker = docker::Engine::Connect(address);
  ASSERT_TRUE(docker.ok()) << "the e2e tests need the test engine at " << address << ": "
                           << docker.error().ToString();
  docker_ = std::move(*docker);
  engine_view_ = std::make_unique<EngineView>(*docker_);
  Status stale = engine_view_->RemoveManagedOf(test_uids());
  ASSERT_TRUE(stale.ok()) << "removing an earlier run's containers: " << stale.error().ToString();
  ReportForeignContainers();

  char pattern[] = "/tmp/ds01e2e-XXXXXX";
  ASSERT_NE(mkdtemp(pattern), nullptr);
  work_dir_ = pattern;
  ASSERT_EQ(chmod(work_dir_.c_str(), 0755), 0);  // every test user reaches the socket
  bin_dir_ = work_dir_ + "/bin";
  socket_path_ = work_dir_ + "/ds01.sock";
  ASSERT_NO_FATAL_FAILURE(MakeCommandLinks());
  ASSERT_NO_FATAL_FAILURE(WriteConfig());

  DaemonOptions options;
  options.binary = kDaemonBinary;
  options.config = work_dir_ + "/ds01.yaml";
  options.socket = socket_path_;
  options.state_dir = work_dir_ + "/state";
  ASSERT_NO_FATAL_FAILURE(PrepareStateDirectory(options.state_dir));
  options.docker_host = address;
  options.log_path = work_dir_ + "/ds01d.log";
  // No NVML here even on a GPU host: the tests count on the config's simulated GPUs.
  options.extra_env = {"DS01_NVML_LIBRARY=" + work_dir_ + "/no-nvml/libnvidia-ml.so.1"};
  Result<NotifyListener> notify = NotifyListener::Bind(work_dir_ + "/notify.sock");
  ASSERT_TRUE(notify.ok()) << notify.error().ToString();
  notify_ = std::make_unique<NotifyListener>(std::move(*notify));
  options.notify_socket = notify_->path();
  daemon_ = std::make_unique<DaemonProcess>(options);
  Status started = daemon_->StartAndWait();
  ASSERT_TRUE(started.ok()) << started.error().ToString();
}

void E2eTest::TearDown() {
  if (daemon_) {
    if (HasFailure())
      std::cerr << "ds01d's log (" << daemon_->options().log_path << "):\n" << daemon_->LogTail(80);
    (void)daemon_->Terminate();
  }
  if (engine_view_) {
    Status removed = engine_view_->RemoveManagedOf(test_uids());
    EXPECT_TRUE(removed.ok()) << "cleanup: " << removed.error().ToString();
  }
  if (!work_dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(work_dir_, ignored);
  }
  if (lock_fd_ >= 0) close(lock_fd_);
}

void E2eTest::EnsureAccounts() {
  ASSERT_TRUE(EnsureGroup(kTestAdminGroup).ok());
  users_.clear();
  for (int n = 1; n <= kTestUsers; ++n) {
    Result<TestUser> account = EnsureUser(UserName(n));
    ASSERT_TRUE(account.ok()) << account.error().ToString();
    users_.push_back(*account);
  }
  Result<TestUser> admin = EnsureUser("ds01e2e-admin", {std::string(kTestAdminGroup)});
  ASSERT_TRUE(admin.ok()) << admin.error().ToString();
  admin_ = *admin;
}

void E2eTest::MakeCommandLinks() {
  std::filesystem::create_directories(bin_dir_);
  ASSERT_EQ(chmod(bin_dir_.c_str(), 0755), 0);
  // ds01 and the names `make install` links to it (src/cli/command_links.txt, DESIGN.md §9).
  std::vector<std::string_view> names = {"ds01"};
  names.insert(names.end(), cli::kCommandLinks.begin(), cli::kCommandLinks.end());
  for (std::string_view name : names) {
    std::error_code error;
    std::filesystem::create_symlink(kCliBinary, bin_dir_ + "/" + std::string(name), error);
    ASSERT_FALSE(error) << "linking " << name << ": " << error.message();
  }
}

void E2eTest::WriteConfig() {
  config_ = TestConfig{};
  config_.workspace_root = std::string(kTestWorkspaceRoot);
  config_.admin_group = std::string(kTestAdminGroup);
  Configure(config_);
  RewriteConfig(config_);
}

void E2eTest::RewriteConfig(const TestConfig& config) {
  std::string path = work_dir_ + "/ds01.yaml";
  std::ofstream file(path + ".new");
  file << config.Yaml();
  file.close();
  ASSERT_TRUE(file.good()) << "writing " << path;
  std::filesystem::rename(path + ".new", path);
}

void E2eTest::ReportForeignContainers() {
  Result<std::vector<docker::ContainerSummary>> all = engine_view_->AllManaged();
  if (!all.ok()) return;
  std::set<uid_t> ours = test_uids();
  for (const auto& summary : *all) {
    auto uid = summary.labels.find("ds01.uid");
    bool mine = false;
    for (uid_t wanted : ours)
      mine = mine || (uid != summary.labels.end() && uid->second == std::to_string(wanted));
    if (!mine) {
      std::cerr << "note: the engine also holds managed container " << summary.name()
                << " of someone else; ds01d will see it too\n";
    }
  }
}

std::vector<std::string> E2eTest::CliEnvironment(const TestUser& who) const {
  return {"PATH=" + bin_dir_ + ":/usr/bin:/bin",
          "HOME=" + who.home,
          "USER=" + who.name,
          "LOGNAME=" + who.name,
          "DS01_SOCKET=" + socket_path_,
          "LANG=C.UTF-8"};
}

ProcessResult E2eTest::CliFed(const TestUser& who, std::vector<std::string> args,
                              const std::string& input) {
  const std::string path = work_dir_ + "/stdin-" + std::to_string(++fed_inputs_);
  std::ofstream(path) << input;
  ProcessSpec spec;
  spec.path = CommandPath(args.at(0));
  spec.argv = std::move(args);
  spec.env = CliEnvironment(who);
  spec.as = who.credentials();
  spec.cwd = who.home;
  spec.stdin_path = path;
  Result<ProcessResult> ran = RunProcess(spec);
  if (!ran.ok()) {
    ADD_FAILURE() << "could not run " << spec.path << ": " << ran.error().ToString();
    return ProcessResult{};
  }
  return *ran;
}

ProcessResult E2eTest::Cli(const TestUser& who, std::vector<std::string> args,
                           std::chrono::milliseconds timeout, const std::vector<std::string>& env) {
  ProcessSpec spec;
  spec.path = CommandPath(args.at(0));
  spec.argv = std::move(args);
  spec.env = CliEnvironment(who);
  for (const auto& entry : env) {
    std::string key = entry.substr(0, entry.find('=') + 1);
    std::erase_if(spec.env, [&](const std::string& have) { return have.rfind(key, 0) == 0; });
    spec.env.push_back(entry);
  }
  spec.as = who.credentials();
  spec.cwd = who.home;
  spec.timeout = timeout;
  Result<ProcessResult> ran = RunProcess(spec);
  if (!ran.ok()) {
    ADD_FAILURE() << "could not run " << spec.path << " as " << who.name << ": "
                  << ran.error().ToString();
    return ProcessResult{};
  }
  return *ran;
}

ProcessResult E2eTest::CliOk(const TestUser& who, std::vector<std::string> args) {
  std::string command;
  for (const auto& arg : args) command += (command.empty() ? "" : " ") + arg;
  ProcessResult result = Cli(who, std::move(args));
  EXPECT_EQ(result.exit_code, 0) << who.name << "$ " << command << "\n" << result.Describe();
  return result;
}

nlohmann::json E2eTest::ListAll(const TestUser& who) {
  ProcessResult listed = CliOk(who, {"container-list", "--all", "--format=json"});
  nlohmann::json parsed = nlohmann::json::parse(listed.out, nullptr, false);
  if (parsed.is_object() && parsed.contains("containers")) parsed = parsed["containers"];
  if (!parsed.is_array()) {
    ADD_FAILURE() << "container-list --format=json as " << who.name << " printed no JSON list:\n"
                  << listed.Describe();
    return nlohmann::json::array();
  }
  return parsed;
}

std::optional<nlohmann::json> E2eTest::Listed(const TestUser& who, std::string_view name) {
  return FindContainer(ListAll(who), name);
}

http::Response E2eTest::Api(const TestUser& who, const std::string& method,
                            const std::string& target, const std::string& body) {
  Result<http::Response> response =
      RequestAs(who.credentials(), socket_path_, method, target, body);
  if (!response.ok()) {
    ADD_FAILURE() << method << " " << target << " as " << who.name << ": "
                  << response.error().ToString();
    return http::Response{};
  }
  return *response;
}

nlohmann::json E2eTest::Gpus(const TestUser& who) {
  http::Response response = Api(who, "GET", "/v1/gpus");
  nlohmann::json parsed = nlohmann::json::parse(response.body, nullptr, false);
  if (response.status != 200 || parsed.is_discarded()) {
    ADD_FAILURE() << "GET /v1/gpus as " << who.name << ": " << response.status << " "
                  << response.body;
    return nullptr;
  }
  return parsed;
}

Result<docker::ContainerInspect> E2eTest::InspectOf(const TestUser& who, std::string_view name) {
  return engine_view_->Inspect(DockerName(name, who.uid));
}

nlohmann::json E2eTest::IndependentInspectOf(const TestUser& who, std::string_view name) {
  auto view = InspectWithDockerPy(docker_->address(), DockerName(name, who.uid));
  if (!view.ok()) {
    ADD_FAILURE() << view.error().ToString();
    return nullptr;
  }
  return *view;
}

Status E2eTest::RestartDaemon() {
  daemon_->Kill();
  return daemon_->StartAndWait();
}

}  // namespace ds01::e2e
