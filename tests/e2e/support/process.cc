#include "tests/e2e/support/process.h"

#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ds01::e2e {
namespace {

using Clock = std::chrono::steady_clock;

// Everything the child needs, laid out before fork: after fork only async-signal-safe calls.
struct PreparedExec {
  std::vector<std::string> argv_storage;
  std::vector<std::string> env_storage;
  std::vector<char*> argv;
  std::vector<char*> env;
  std::vector<gid_t> groups;

  explicit PreparedExec(const ProcessSpec& spec)
      : argv_storage(spec.argv.empty() ? std::vector<std::string>{spec.path} : spec.argv),
        env_storage(spec.env) {
    for (auto& arg : argv_storage) argv.push_back(arg.data());
    argv.push_back(nullptr);
    for (auto& entry : env_storage) env.push_back(entry.data());
    env.push_back(nullptr);
    if (spec.as) groups = spec.as->groups;
  }
};

// In the child: reports errno on `error_fd` and exits 127.
[[noreturn]] void ChildFail(int error_fd) {
  int code = errno;
  [[maybe_unused]] ssize_t written = write(error_fd, &code, sizeof code);
  _exit(127);
}

// In the child: stdio (kept when `out_fd` is -1: a terminal's), process group, credentials,
// directory, then exec.
[[noreturn]] void ExecChild(const ProcessSpec& spec, PreparedExec& prepared, int out_fd, int err_fd,
                            int error_fd) {
  if (out_fd >= 0) {
    setpgid(0, 0);
    int null_fd = open(spec.stdin_path.c_str(), O_RDONLY);
    if (null_fd < 0 || dup2(null_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0) {
      ChildFail(error_fd);
    }
  }
  if (spec.as) {
    if (setgroups(prepared.groups.size(), prepared.groups.data()) != 0 ||
        setresgid(spec.as->gid, spec.as->gid, spec.as->gid) != 0 ||
        setresuid(spec.as->uid, spec.as->uid, spec.as->uid) != 0) {
      ChildFail(error_fd);
    }
  }
  if (chdir(spec.cwd.c_str()) != 0) ChildFail(error_fd);
  close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
  execve(spec.path.c_str(), prepared.argv.data(), prepared.env.data());
  ChildFail(error_fd);
}

// Forks and execs; on success returns the pid once exec happened (the error pipe closed). With
// `terminal`, the child runs on a new pseudo-terminal of that size, whose master lands there.
Result<pid_t> ForkExec(const ProcessSpec& spec, int out_fd, int err_fd,
                       std::pair<int*, winsize> terminal = {nullptr, {}}) {
  PreparedExec prepared(spec);
  int error_pipe[2];
  if (pipe2(error_pipe, O_CLOEXEC) != 0) {
    return MakeError(ErrorCode::kInternal, std::string("pipe: ") + std::strerror(errno));
  }
  pid_t pid = terminal.first != nullptr
                  ? forkpty(terminal.first, nullptr, nullptr, &terminal.second)
                  : fork();
  if (pid < 0) {
    int code = errno;
    close(error_pipe[0]);
    close(error_pipe[1]);
    return MakeError(ErrorCode::kInternal, std::string("fork: ") + std::strerror(code));
  }
  if (pid == 0) ExecChild(spec, prepared, out_fd, err_fd, error_pipe[1]);
  close(error_pipe[1]);
  int child_errno = 0;
  ssize_t got = 0;
  do {
    got = read(error_pipe[0], &child_errno, sizeof child_errno);
  } while (got < 0 && errno == EINTR);
  close(error_pipe[0]);
  if (got > 0) {
    waitpid(pid, nullptr, 0);
    return MakeError(ErrorCode::kInternal,
                     "could not run " + spec.path + ": " + std::strerror(child_errno),
                     "check that the file exists and the user may execute it");
  }
  return pid;
}

void Drain(int fd, std::string* into, bool* open) {
  char buffer[8192];
  ssize_t got = read(fd, buffer, sizeof buffer);
  if (got > 0) {
    into->append(buffer, static_cast<std::size_t>(got));
  } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
    *open = false;
  }
}

// Reads both pipes until both close or the deadline passes; returns false on timeout.
bool Collect(int out_fd, int err_fd, Clock::time_point deadline, ProcessResult* result) {
  bool out_open = true;
  bool err_open = true;
  while (out_open || err_open) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd fds[2] = {{out_open ? out_fd : -1, POLLIN, 0}, {err_open ? err_fd : -1, POLLIN, 0}};
    int ready = poll(fds, 2, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) return false;
    if (ready <= 0) continue;
    if (fds[0].revents != 0) Drain(out_fd, &result->out, &out_open);
    if (fds[1].revents != 0) Drain(err_fd, &result->err, &err_open);
  }
  return true;
}

}  // namespace

std::string ProcessResult::Describe() const {
  std::string status = timed_out     ? "timed out"
                       : signal != 0 ? "killed by signal " + std::to_string(signal)
                                     : "exit " + std::to_string(exit_code);
  return status + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
}

Result<pid_t> SpawnOnTerminal(const ProcessSpec& spec, unsigned short rows, unsigned short cols,
                              int* master) {
  winsize size{};
  size.ws_row = rows;
  size.ws_col = cols;
  return ForkExec(spec, -1, -1, {master, size});
}

Result<ProcessResult> RunProcess(const ProcessSpec& spec) {
  int out_pipe[2];
  int err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    return MakeError(ErrorCode::kInternal, std::string("pipe: ") + std::strerror(errno));
  }
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    int code = errno;
    close(out_pipe[0]);
    close(out_pipe[1]);
    return MakeError(ErrorCode::kInternal, std::string("pipe: ") + std::strerror(code));
  }
  auto deadline = Clock::now() + spec.timeout;
  Result<pid_t> pid = ForkExec(spec, out_pipe[1], err_pipe[1]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  ProcessResult result;
  if (pid.ok() && !Collect(out_pipe[0], err_pipe[0], deadline, &result)) {
    result.timed_out = true;
    kill(-*pid, SIGKILL);
    kill(*pid, SIGKILL);
  }
  close(out_pipe[0]);
  close(err_pipe[0]);
  if (!pid.ok()) return std::move(pid).error();
  int status = 0;
  while (waitpid(*pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

Result<pid_t> SpawnProcess(const ProcessSpec& spec, const std::string& log_path) {
  int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    return MakeError(ErrorCode::kInternal, "cannot open " + log_path + ": " + std::strerror(errno));
  }
  Result<pid_t> pid = ForkExec(spec, log_fd, log_fd);
  close(log_fd);
  return pid;
}

Status RunAsRoot(const std::vector<std::string>& argv, const std::vector<int>& ok_codes) {
  ProcessSpec spec;
  spec.path = argv.at(0);
  spec.argv = argv;
  spec.env = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C"};
  Result<ProcessResult> ran = RunProcess(spec);
  if (!ran.ok()) return std::move(ran).error();
  if (ran->exit_code == 0) return Ok();
  for (int code : ok_codes) {
    if (ran->exit_code == code) return Ok();
  }
  std::string command;
  for (const auto& arg : argv) command += (command.empty() ? "" : " ") + arg;
  return MakeError(ErrorCode::kInternal, command + " failed: " + ran->Describe());
}

}  // namespace ds01::e2e
