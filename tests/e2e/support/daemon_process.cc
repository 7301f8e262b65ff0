#include "tests/e2e/support/daemon_process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <deque>
#include <fstream>
#include <thread>

#include "tests/e2e/support/process.h"
#include "tests/e2e/support/request_as.h"

namespace ds01::e2e {
namespace {

using Clock = std::chrono::steady_clock;

std::string DescribeWaitStatus(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "was killed by signal " + std::to_string(WTERMSIG(status));
  return "stopped";
}

}  // namespace

DaemonProcess::~DaemonProcess() {
  if (pid_ > 0) (void)Terminate();
}

Status DaemonProcess::Start() {
  if (pid_ > 0 && running()) {
    return MakeError(ErrorCode::kConflict,
                     "ds01d is already running as pid " + std::to_string(pid_));
  }
  ProcessSpec spec;
  spec.path = options_.binary;
  spec.argv = {options_.binary,    "--config",      options_.config,
               "--socket",         options_.socket, "--state-dir",
               options_.state_dir, "--docker-host", options_.docker_host};
  spec.env = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"};
  if (!options_.notify_socket.empty())
    spec.env.push_back("NOTIFY_SOCKET=" + options_.notify_socket);
  for (const auto& entry : options_.extra_env) spec.env.push_back(entry);
  {
    std::ofstream log(options_.log_path, std::ios::app);
    log << "=== e2e: starting ds01d\n";
  }
  Result<pid_t> pid = SpawnProcess(spec, options_.log_path);
  if (!pid.ok()) return std::move(pid).error();
  pid_ = *pid;
  return Ok();
}

Status DaemonProcess::WaitUntilAnswering(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  std::string last_error = "nothing tried yet";
  while (Clock::now() < deadline) {
    if (std::optional<int> status = Reap(false)) {
      return MakeError(ErrorCode::kUnavailable, "ds01d " + DescribeWaitStatus(*status) +
                                                    " before it answered; its log:\n" + LogTail());
    }
    Result<http::Response> answer =
        RequestAs(Credentials{}, options_.socket, "GET", "/v1/gpus", {}, std::chrono::seconds(5));
    if (answer.ok()) return Ok();
    last_error = answer.error().ToString();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return MakeError(ErrorCode::kTimeout, "ds01d did not answer on " + options_.socket + " within " +
                                            std::to_string(timeout.count()) + " ms (" + last_error +
                                            "); its log:\n" + LogTail());
}

Status DaemonProcess::StartAndWait(std::chrono::milliseconds timeout) {
  DS01_RETURN_IF_ERROR(Start());
  return WaitUntilAnswering(timeout);
}

Result<int> DaemonProcess::Terminate(std::chrono::milliseconds grace) {
  if (pid_ <= 0) return MakeError(ErrorCode::kConflict, "ds01d was not started");
  if (std::optional<int> status = Reap(false)) return *status;
  kill(pid_, SIGTERM);
  auto deadline = Clock::now() + grace;
  while (Clock::now() < deadline) {
    if (std::optional<int> status = Reap(false)) return *status;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Kill();
  return MakeError(ErrorCode::kTimeout, "ds01d ignored SIGTERM for " +
                                            std::to_string(grace.count()) +
                                            " ms and was killed; its log:\n" + LogTail());
}

void DaemonProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  Reap(true);
}

bool DaemonProcess::running() { return pid_ > 0 && !Reap(false).has_value(); }

std::optional<int> DaemonProcess::Reap(bool block) {
  if (pid_ <= 0) return 0;
  int status = 0;
  pid_t reaped = 0;
  do {
    reaped = waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (reaped < 0 && errno == EINTR);
  if (reaped == 0) return std::nullopt;
  pid_ = -1;
  return status;
}

std::string DaemonProcess::LogTail(std::size_t lines) const {
  std::ifstream log(options_.log_path);
  std::deque<std::string> tail;
  for (std::string line; std::getline(log, line);) {
    tail.push_back(line);
    if (tail.size() > lines) tail.pop_front();
  }
  std::string out;
  for (const auto& line : tail) out += "  | " + line + "\n";
  return out;
}

}  // namespace ds01::e2e
