#include "daemon/check.h"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <optional>

#include "daemon/state_directory.h"
#include "daemon/workspace_check.h"
#include "docker/engine.h"
#include "docker/system.h"
#include "gpu/inventory.h"
#include "policy/config.h"
#include "store/store.h"

namespace ds01::daemon {
namespace {

enum class Verdict { kOk, kNote, kWarn, kFail };

class Report {
 public:
  explicit Report(std::ostream& out) : out_(out) {}

  void Line(std::string_view what, Verdict verdict, const std::string& detail) {
    static constexpr std::string_view kWords[] = {"ok", "note", "warn", "FAIL"};
    out_ << fmt::format("  {:<18} {:<5} {}\n", what, kWords[static_cast<int>(verdict)], detail);
    failed_ = failed_ || verdict == Verdict::kFail;
  }
  bool failed() const { return failed_; }

 private:
  std::ostream& out_;
  bool failed_ = false;
};

// A directory that exists (or can be made) and that this process may write to.
Status UsableDirectory(const std::filesystem::path& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return MakeError(ErrorCode::kUnavailable,
                     fmt::format("cannot create {}: {}", dir.string(), error.message()),
                     "run as root, or choose another directory");
  }
  if (access(dir.c_str(), W_OK | X_OK) != 0) {
    return MakeError(ErrorCode::kPermissionDenied, fmt::format("{} is not writable", dir.string()),
                     "run as root, or fix its owner and mode");
  }
  return Ok();
}

std::string Fix(const Error& error) { return error.ToString(); }

}  // namespace

bool RunChecks(const DaemonOptions& options, const std::string& nvml_path, std::ostream& out) {
  Report report(out);
  out << "ds01d --check\n";

  auto config = policy::LoadConfig(options.config_path);
  if (config.ok()) {
    report.Line("config", Verdict::kOk,
                fmt::format("{} ({} group(s), {} user override(s))", options.config_path,
                            config->groups.size(), config->users.size()));
  } else {
    report.Line("config", Verdict::kFail, Fix(config.error()));
  }

  std::optional<docker::SystemInfo> info;
  auto engine = docker::Engine::Connect(options.docker_host);
  if (engine.ok()) {
    auto system = docker::SystemApi(**engine).Info();
    if (system.ok()) {
      info = *system;
      report.Line("engine", Verdict::kOk,
                  fmt::format("{} (Docker {}, API {})", (*engine)->address(),
                              system->server_version, (*engine)->api_version()));
    } else {
      report.Line("engine", Verdict::kFail, Fix(system.error()));
    }
  } else {
    report.Line("engine", Verdict::kFail, Fix(engine.error()));
  }

  std::optional<gpu::Inventory> inventory;
  if (config.ok()) {
    auto loaded = gpu::LoadInventory(nvml_path, config->gpus);
    if (!loaded.ok()) {
      report.Line("GPU inventory", Verdict::kFail, Fix(loaded.error()));
    } else {
      inventory = loaded->inventory;
      if (inventory->slots.empty()) {
        report.Line("GPU inventory", Verdict::kWarn, inventory->reason);
      } else {
        report.Line("GPU inventory", Verdict::kOk,
                    fmt::format("{}: {} GPU(s), {} slot(s)", inventory->source,
                                inventory->gpus.size(), inventory->slots.size()));
      }
      for (const std::string& note : inventory->notes) report.Line("", Verdict::kNote, note);
    }
  } else {
    report.Line("GPU inventory", Verdict::kFail, "not checked: the config did not load");
  }

  if (!info) {
    report.Line("NVIDIA runtime", Verdict::kFail, "not checked: the engine is not reachable");
  } else if (info->has_nvidia_runtime) {
    report.Line("NVIDIA runtime", Verdict::kOk, "registered with the engine");
  } else if (inventory && !inventory->simulated && !inventory->slots.empty()) {
    report.Line("NVIDIA runtime", Verdict::kFail,
                "the engine has none, so containers cannot be given this host's GPUs. Fix: "
                "install the NVIDIA container toolkit and restart dockerd");
  } else {
    report.Line("NVIDIA runtime", Verdict::kOk,
                "none, and none needed: no real GPUs to give containers");
  }

  if (config.ok()) {
    const bool root_containers = !config->security.run_as_user;
    if (root_containers && info && info->user_namespaces) {
      report.Line("root containers", Verdict::kOk,
                  "the engine remaps user namespaces: root in a container is not root outside");
    }
    for (const LayoutFinding& finding :
         CheckWorkspaceLayout(config->workspaces, root_containers, info && info->user_namespaces)) {
      report.Line("workspaces", finding.warning ? Verdict::kWarn : Verdict::kNote, finding.text);
    }
  }

  const std::filesystem::path state_dir = options.state_dir;
  Status state = MakeStateDirectory(state_dir);
  if (!state.ok()) {
    report.Line("state directory", Verdict::kFail, Fix(state.error()));
  } else {
    auto store = store::Store::Open(state_dir / "ds01.db");
    if (store.ok()) {
      report.Line(
          "state directory", Verdict::kOk,
          fmt::format("{} (database schema {})", state_dir.string(), (*store)->schema_version()));
    } else {
      report.Line("state directory", Verdict::kFail, Fix(store.error()));
    }
  }

  const std::filesystem::path socket_dir = std::filesystem::path(options.socket_path).parent_path();
  Status socket = UsableDirectory(socket_dir);
  report.Line("socket directory", socket.ok() ? Verdict::kOk : Verdict::kFail,
              socket.ok() ? socket_dir.string() : Fix(socket.error()));

  out << (report.failed() ? "Some checks failed.\n" : "All checks passed.\n");
  return !report.failed();
}

}  // namespace ds01::daemon
