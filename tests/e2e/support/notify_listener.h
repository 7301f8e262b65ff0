#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"

namespace ds01::e2e {

/// Stands in for systemd's notification socket: a unix datagram socket that a daemon started
/// with NOTIFY_SOCKET=<path> sends "READY=1" and friends to (sd_notify).
class NotifyListener {
 public:
  /// Binds a datagram socket at `path`.
  static Result<NotifyListener> Bind(std::string path);
  NotifyListener(NotifyListener&& other) noexcept;
  NotifyListener& operator=(NotifyListener&&) = delete;
  ~NotifyListener();

  const std::string& path() const { return path_; }

  /// Waits until some notification line equals `line` ("READY=1"); false after `timeout`.
  bool WaitFor(std::string_view line, std::chrono::milliseconds timeout);

  /// Every line received so far.
  const std::vector<std::string>& lines() const { return lines_; }

 private:
  NotifyListener(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  bool Seen(std::string_view line) const;

  std::string path_;
  int fd_ = -1;
  std::vector<std::string> lines_;
};

}  // namespace ds01::e2e
