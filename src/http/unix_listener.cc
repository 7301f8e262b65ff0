#include "http/unix_listener.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>

#include "http/endpoint.h"
#include "http/socket.h"

namespace ds01::http {
namespace {

constexpr int kBacklog = 128;

Error ListenError(const std::string& what, const std::string& path, int err) {
  return MakeError(ErrorCode::kUnavailable, what + " " + path + ": " + std::strerror(err),
                   "check that the directory of " + path + " exists and is writable");
}

// Refuses to take over a socket some server still answers on; removes a stale one.
Status ClaimPath(const std::string& path) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0) return Ok();
  if (!S_ISSOCK(st.st_mode)) {
    return MakeError(ErrorCode::kConflict, path + " exists and is not a socket",
                     "remove it or choose another socket path");
  }
  Endpoint endpoint{Endpoint::Kind::kUnix, path, "", 0};
  if (Socket::Connect(endpoint, std::chrono::milliseconds(500)).ok()) {
    return MakeError(ErrorCode::kConflict, "another server is listening on " + path,
                     "stop it first, or choose another socket path");
  }
  if (unlink(path.c_str()) != 0 && errno != ENOENT) {
    return ListenError("remove stale socket", path, errno);
  }
  return Ok();
}

}  // namespace

Result<UnixListener> UnixListener::Listen(const std::string& path, mode_t mode) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.empty() || path.front() != '/' || path.size() >= sizeof(addr.sun_path)) {
    return MakeError(
        ErrorCode::kInvalidArgument, "bad socket path \"" + path + "\"",
        "give an absolute path shorter than " + std::to_string(sizeof(addr.sun_path)) + " bytes");
  }
  DS01_RETURN_IF_ERROR(ClaimPath(path));
  std::memcpy(addr.sun_path, path.data(), path.size());

  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return ListenError("socket for", path, errno);
  if (bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
    int err = errno;
    close(fd);
    return ListenError("bind", path, err);
  }
  UnixListener listener(fd, path, 0);  // from here on, failing removes the file again
  struct stat st {};
  if (chmod(path.c_str(), mode) != 0 || stat(path.c_str(), &st) != 0) {
    return ListenError("chmod", path, errno);
  }
  listener.inode_ = st.st_ino;
  if (listen(fd, kBacklog) != 0) return ListenError("listen on", path, errno);
  return listener;
}

UnixListener::UnixListener(int fd, std::string path, ino_t inode)
    : fd_(fd), path_(std::move(path)), inode_(inode) {}

UnixListener::UnixListener(UnixListener&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)), inode_(other.inode_) {}

UnixListener& UnixListener::operator=(UnixListener&& other) noexcept {
  if (this != &other) {
    Close();
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
    inode_ = other.inode_;
  }
  return *this;
}

UnixListener::~UnixListener() { Close(); }

void UnixListener::Close() {
  if (fd_ < 0) return;
  close(std::exchange(fd_, -1));
  struct stat st {};
  if (lstat(path_.c_str(), &st) == 0 && S_ISSOCK(st.st_mode) &&
      (inode_ == 0 || st.st_ino == inode_)) {
    unlink(path_.c_str());
  }
}

}  // namespace ds01::http
