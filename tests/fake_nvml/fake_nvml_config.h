#pragma once

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace ds01::testing {

/// Points the fake NVML (tests/fake_nvml) at a description file for as long as it lives: sets
/// $FAKE_NVML_CONFIG on construction, removes the file and the variable on destruction.
class FakeNvmlConfig {
 public:
  explicit FakeNvmlConfig(const nlohmann::json& description) {
    const char* tmp = getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/ds01-fake-nvml-XXXXXX";
    int fd = mkstemp(pattern.data());
    if (fd < 0) throw std::runtime_error("cannot create " + pattern);
    close(fd);
    path_ = pattern;
    Write(description);
    setenv("FAKE_NVML_CONFIG", path_.c_str(), 1);
  }
  ~FakeNvmlConfig() {
    unsetenv("FAKE_NVML_CONFIG");
    std::remove(path_.c_str());
  }
  FakeNvmlConfig(const FakeNvmlConfig&) = delete;
  FakeNvmlConfig& operator=(const FakeNvmlConfig&) = delete;

  /// Replaces the description in one rename, so the fake never reads half a file.
  void Write(const nlohmann::json& description) {
    std::string staging = path_ + ".new";
    std::ofstream(staging) << description.dump(2);
    if (std::rename(staging.c_str(), path_.c_str()) != 0) {
      throw std::runtime_error("cannot replace " + path_);
    }
  }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace ds01::testing
