#pragma once

#include <sys/types.h>

#include <string>

#include "common/error.h"

namespace ds01::http {

/// A listening unix socket bound at a path. Closing it removes the path, unless the path has
/// been replaced by another file in the meantime.
class UnixListener {
 public:
  /// Binds `path`, sets `mode` (before listen(), so nobody can connect while the umask's mode
  /// applies) and listens, non-blocking. A stale socket file at `path` is replaced; one a server
  /// still answers on, or a file that is not a socket, is kConflict.
  static Result<UnixListener> Listen(const std::string& path, mode_t mode);

  UnixListener(UnixListener&& other) noexcept;
  UnixListener& operator=(UnixListener&& other) noexcept;
  UnixListener(const UnixListener&) = delete;
  UnixListener& operator=(const UnixListener&) = delete;
  ~UnixListener();

  /// The listening fd (non-blocking); -1 once closed.
  int fd() const { return fd_; }
  const std::string& path() const { return path_; }

  /// Stops listening and removes the socket file if it is still this one. Idempotent.
  void Close();

 private:
  UnixListener(int fd, std::string path, ino_t inode);

  int fd_ = -1;
  std::string path_;
  ino_t inode_ = 0;
};

}  // namespace ds01::http
