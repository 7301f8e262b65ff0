#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "docker/engine.h"
#include "docker/output_stream.h"

namespace ds01::docker {

/// A command to run in a running container.
struct ExecSpec {
  std::vector<std::string> cmd;
  std::map<std::string, std::string> env;
  std::string working_dir;
  std::string user;  // "uid:gid" or a name the container knows
  bool tty = false;
  bool attach_stdin = false;
  bool attach_stdout = true;
  bool attach_stderr = true;
};

/// The JSON body of POST /containers/{id}/exec; a command is required.
Result<nlohmann::json> ExecCreateBody(const ExecSpec& spec);

/// GET /exec/{id}/json, typed.
struct ExecInspect {
  std::string id;
  std::string container_id;
  bool running = false;
  std::optional<int> exit_code;  // set once the process has exited
  int pid = 0;
  bool tty = false;
  nlohmann::json raw;
};

/// Parses an exec inspect document.
Result<ExecInspect> ParseExecInspect(std::string_view body);

/// What Run collected.
struct ExecResult {
  int exit_code = 0;
  std::string out;
  std::string err;
};

/// The exec endpoints: create a process in a running container, start it (attached, detached
/// or hijacked with stdin), inspect and resize it.
class ExecApi {
 public:
  explicit ExecApi(Engine& engine) : engine_(engine) {}

  /// Creates the exec; returns its ID.
  Result<std::string> Create(std::string_view container, const ExecSpec& spec);
  /// Starts it in the background.
  Status StartDetached(std::string_view exec_id);
  /// Starts it and streams its output (demultiplexed unless `tty`, which must match Create's).
  Result<std::unique_ptr<OutputStream>> Start(std::string_view exec_id, bool tty);
  /// Starts it over a hijacked connection: stdin can be written and half-closed.
  Result<std::unique_ptr<HijackedStream>> StartHijacked(std::string_view exec_id, bool tty);
  /// The exec's state and, once it exited, its exit code.
  Result<ExecInspect> Inspect(std::string_view exec_id);
  /// Sets the exec's TTY size.
  Status Resize(std::string_view exec_id, int height, int width);
  /// Create + Start + collect the output + the exit code.
  Result<ExecResult> Run(std::string_view container, const ExecSpec& spec);
  /// The exit code of an exec whose output ended; waits briefly for the engine to record it.
  Result<int> ExitCode(std::string_view exec_id);

 private:
  Engine& engine_;
};

}  // namespace ds01::docker
