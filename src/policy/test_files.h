#pragma once

#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace ds01::policy::testing {

/// A fresh directory under /tmp, removed with everything in it when the test ends.
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/ds01-policy-test-XXXXXX";
    if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  /// The directory's absolute path, or `relative` below it.
  std::string path(const std::string& relative = "") const {
    return relative.empty() ? path_ : path_ + "/" + relative;
  }

  /// Creates the directory `relative` and its parents; returns its path.
  std::string MakeDir(const std::string& relative) const {
    std::filesystem::create_directories(path(relative));
    return path(relative);
  }

  /// Writes `text` to the file `relative`; returns its path.
  std::string WriteFile(const std::string& relative, const std::string& text) const {
    std::ofstream(path(relative), std::ios::binary | std::ios::trunc) << text;
    return path(relative);
  }

  /// Creates the symlink `relative` pointing at `target` (taken as written).
  std::string Symlink(const std::string& relative, const std::string& target) const {
    std::filesystem::create_symlink(target, path(relative));
    return path(relative);
  }

  /// Creates a listening-capable Unix socket file at `relative`; returns its path.
  std::string MakeSocket(const std::string& relative) const {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::string full = path(relative);
    if (full.size() >= sizeof address.sun_path) throw std::runtime_error("socket path too long");
    std::memcpy(address.sun_path, full.c_str(), full.size() + 1);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    int rc = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    close(fd);
    if (rc != 0) throw std::runtime_error("cannot bind socket " + full);
    return full;
  }

 private:
  std::string path_;
};

}  // namespace ds01::policy::testing
