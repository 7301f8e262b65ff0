#include "tests/e2e/support/notify_listener.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ds01::e2e {

Result<NotifyListener> NotifyListener::Bind(std::string path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) {
    return MakeError(ErrorCode::kInvalidArgument, "notify socket path too long: " + path);
  }
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return MakeError(ErrorCode::kInternal, std::string("socket: ") + std::strerror(errno));
  unlink(path.c_str());
  if (bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    int code = errno;
    close(fd);
    return MakeError(ErrorCode::kInternal, "bind " + path + ": " + std::strerror(code));
  }
  return NotifyListener(std::move(path), fd);
}

NotifyListener::NotifyListener(NotifyListener&& other) noexcept
    : path_(std::move(other.path_)), fd_(other.fd_), lines_(std::move(other.lines_)) {
  other.fd_ = -1;
}

NotifyListener::~NotifyListener() {
  if (fd_ < 0) return;
  close(fd_);
  unlink(path_.c_str());
}

bool NotifyListener::Seen(std::string_view line) const {
  return std::find(lines_.begin(), lines_.end(), line) != lines_.end();
}

bool NotifyListener::WaitFor(std::string_view line, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!Seen(line)) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd waiting{fd_, POLLIN, 0};
    if (poll(&waiting, 1, static_cast<int>(left.count())) <= 0) continue;
    char buffer[4096];
    ssize_t got = recv(fd_, buffer, sizeof buffer, 0);
    if (got <= 0) continue;
    std::string_view message(buffer, static_cast<std::size_t>(got));
    while (!message.empty()) {
      std::size_t end = message.find('\n');
      lines_.emplace_back(message.substr(0, end));
      message.remove_prefix(end == std::string_view::npos ? message.size() : end + 1);
    }
  }
  return true;
}

}  // namespace ds01::e2e
