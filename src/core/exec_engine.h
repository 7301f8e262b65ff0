#pragma once

#include <string>
#include <string_view>

#include "common/error.h"
#include "core/container_engine.h"
#include "docker/exec.h"

namespace ds01::core {

/// The engine's exec endpoints as ds01d's shell and exec routes drive them: narrow, like
/// ContainerEngine, so that the routes never reach the rest of the Engine API.
class ExecEngine {
 public:
  virtual ~ExecEngine() = default;

  /// Creates a process to run in the running container `container`; its exec id.
  virtual Result<std::string> CreateExec(std::string_view container,
                                         const docker::ExecSpec& spec) = 0;
  /// Starts it in the background.
  virtual Status StartExecDetached(std::string_view exec_id) = 0;
  /// Starts it attached, its stdio over the returned socket (raw with a TTY, else multiplexed).
  virtual Result<HijackedStdio> StartExecHijacked(std::string_view exec_id, bool tty) = 0;
  /// Its state; the container it runs in is `container_id`.
  virtual Result<docker::ExecInspect> InspectExec(std::string_view exec_id) = 0;
  /// Its exit code once its output has ended (waits briefly for the engine to record it).
  virtual Result<int> ExecExitCode(std::string_view exec_id) = 0;
  /// Sets its TTY's size.
  virtual Status ResizeExec(std::string_view exec_id, int height, int width) = 0;
};

}  // namespace ds01::core
