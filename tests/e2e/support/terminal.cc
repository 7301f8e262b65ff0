#include "tests/e2e/support/terminal.h"

#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

namespace ds01::e2e {

Result<std::unique_ptr<Terminal>> Terminal::Start(const ProcessSpec& spec, unsigned short rows,
                                                  unsigned short cols) {
  int master = -1;
  auto pid = SpawnOnTerminal(spec, rows, cols, &master);
  if (!pid.ok()) return std::move(pid).error();
  return std::unique_ptr<Terminal>(new Terminal(*pid, master));
}

Terminal::~Terminal() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  ::close(master_);
}

void Terminal::Type(std::string_view keys) {
  while (!keys.empty()) {
    const ssize_t wrote = ::write(master_, keys.data(), keys.size());
    if (wrote <= 0 && errno != EINTR) return;
    if (wrote > 0) keys.remove_prefix(static_cast<std::size_t>(wrote));
  }
}

bool Terminal::Expect(std::string_view text, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const std::size_t found = screen_.find(text, expected_up_to_);
    if (found != std::string::npos) {
      expected_up_to_ = found + text.size();
      return true;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd ready{master_, POLLIN, 0};
    if (::poll(&ready, 1, static_cast<int>(left.count())) <= 0) continue;
    char buffer[4096];
    const ssize_t got = ::read(master_, buffer, sizeof buffer);
    if (got <= 0) return false;  // EIO: every process on the terminal has gone
    screen_.append(buffer, static_cast<std::size_t>(got));
  }
}

void Terminal::Resize(unsigned short rows, unsigned short cols) {
  winsize size{};
  size.ws_row = rows;
  size.ws_col = cols;
  ::ioctl(master_, TIOCSWINSZ, &size);
}

int Terminal::Wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    char buffer[4096];
    pollfd ready{master_, POLLIN, 0};
    if (::poll(&ready, 1, 50) > 0) {
      const ssize_t got = ::read(master_, buffer, sizeof buffer);
      if (got > 0) screen_.append(buffer, static_cast<std::size_t>(got));
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
  }
  return -1;
}

}  // namespace ds01::e2e
